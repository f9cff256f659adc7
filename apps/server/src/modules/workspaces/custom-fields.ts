import { validationError } from '../../shared/errors.js';
import type { CustomFieldDefinitionRow } from './workspaces.repository.js';

export interface SplitCustomFields {
  clear: Record<string, unknown>;
  sensitive: Record<string, unknown>;
}

function checkValue(definition: CustomFieldDefinitionRow, value: unknown): unknown {
  const path = `customFields.${definition.key}`;
  if (value === null) return null;
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string' || value.length > 10_000) throw validationError(path, 'expected text (at most 10,000 characters)');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw validationError(path, 'expected a number');
      return value;
    case 'checkbox':
      if (typeof value !== 'boolean') throw validationError(path, 'expected true or false');
      return value;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
        throw validationError(path, 'expected a date as YYYY-MM-DD');
      }
      return value;
    case 'select':
      if (typeof value !== 'string' || !definition.options.includes(value)) {
        throw validationError(path, `expected one of: ${definition.options.join(', ')}`);
      }
      return value;
    default:
      throw validationError(path, `field type ${definition.type} is not supported`);
  }
}

/**
 * Checks values against the workspace's definitions and splits out those marked sensitive (to be sealed).
 * `existing` holds the current values on update, so required fields need not be resent.
 *
 * A value equal to the stored one is not a new choice: it passes even when its field was archived or its
 * option removed since, so a client that sends a record back as it read it is not refused. An archived
 * field may still be cleared (null).
 */
export function validateCustomFields(
  definitions: CustomFieldDefinitionRow[],
  values: Record<string, unknown>,
  existing: Record<string, unknown> | undefined,
): SplitCustomFields {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const result: SplitCustomFields = { clear: {}, sensitive: {} };
  for (const [key, value] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) throw validationError(`customFields.${key}`, 'no custom field with this key exists');
    const isUnchanged = existing !== undefined && key in existing && existing[key] === value;
    if (definition.isArchived && !isUnchanged && value !== null) throw validationError(`customFields.${key}`, 'this field is archived: it takes no new values');
    const checked = isUnchanged ? value : checkValue(definition, value);
    if (definition.isSensitive) result.sensitive[key] = checked;
    else result.clear[key] = checked;
  }
  for (const definition of definitions) {
    if (!definition.isRequired || definition.isArchived) continue;
    const value = values[definition.key] ?? existing?.[definition.key];
    if (value === undefined || value === null || value === '') {
      throw validationError(`customFields.${definition.key}`, 'this field is required');
    }
  }
  return result;
}
