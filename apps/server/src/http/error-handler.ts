import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, CommonErrorCode, httpStatusFor, type ErrorCode, type ErrorDetail } from '../shared/errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

export function errorBody(code: ErrorCode, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}

/** Fastify's own errors for bad requests, as our codes. Anything not listed is a server fault. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: CommonErrorCode.InvalidJson, message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: CommonErrorCode.InvalidJson, message: 'The body is empty but declared as JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: CommonErrorCode.PayloadTooLarge, message: 'The body is larger than the limit (1 MB).' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: CommonErrorCode.UnsupportedMediaType, message: 'Send JSON (Content-Type: application/json).' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: CommonErrorCode.ValidationFailed, message: 'Content-Length does not match the body.' },
  FST_REQ_FILE_TOO_LARGE: { code: CommonErrorCode.PayloadTooLarge, message: 'The file is larger than the upload limit.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: CommonErrorCode.UnsupportedMediaType, message: 'Send the file as multipart/form-data.' },
  FST_PARTS_LIMIT: { code: CommonErrorCode.ValidationFailed, message: 'Too many parts in the upload.' },
  FST_FILES_LIMIT: { code: CommonErrorCode.ValidationFailed, message: 'Send one file per upload.' },
};

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    return reply.status(httpStatusFor(error.code)).send(errorBody(error.code, error.message, error.details));
  }
  // A path parameter that cannot name a resource (not a UUID, say) names no resource: 404, like an unknown id.
  if (error.validationContext === 'params') {
    return reply.status(404).send(errorBody(CommonErrorCode.NotFound, 'No such resource.'));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      // An issue with the whole object (unknown keys, say) has the instance path "/": its path is just "body".
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/^\/$/, '').replaceAll('/', '.')}`,
      message: issue.message ?? 'invalid value',
    }));
    return reply.status(400).send(errorBody(CommonErrorCode.ValidationFailed, 'The request is not valid.', details));
  }
  if (error.code === 'FST_ERR_VALIDATION' || error.validation) {
    return reply.status(400).send(errorBody(CommonErrorCode.ValidationFailed, error.message));
  }
  const known = error.code ? fastifyCodes[error.code] : undefined;
  if (known) return reply.status(httpStatusFor(known.code)).send(errorBody(known.code, known.message));
  if (error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP')) {
    return reply.status(400).send(errorBody(CommonErrorCode.InvalidJson, 'The body could not be parsed.'));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
  } else {
    request.log.error({ err: error }, 'unhandled error');
  }
  return reply.status(500).send(errorBody(CommonErrorCode.Internal, 'Something went wrong on our side. It has been logged.'));
}
