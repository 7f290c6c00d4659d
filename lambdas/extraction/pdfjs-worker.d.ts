// pdfjs-dist ships no declaration for its worker module; it is imported only to run in-process.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
