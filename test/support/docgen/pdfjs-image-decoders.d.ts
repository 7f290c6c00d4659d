// pdfjs-dist ships no declaration for its image decoders; the docgen tests use the JPEG one to
// prove the generated JPEGs decode.
declare module 'pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs' {
  export class JpegImage {
    width: number;
    height: number;
    numComponents: number;
    parse(data: Uint8Array): void;
    getData(options: {
      width: number;
      height: number;
      forceRGBA?: boolean;
      forceRGB?: boolean;
      isSourcePDF?: boolean;
    }): Uint8ClampedArray;
  }
}
