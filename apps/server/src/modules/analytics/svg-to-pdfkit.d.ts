/** svg-to-pdfkit ships no types: the one function it exports, as this module calls it. */
declare module 'svg-to-pdfkit' {
  export default function SVGtoPDF(document: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: { width?: number; height?: number; preserveAspectRatio?: string }): void;
}
