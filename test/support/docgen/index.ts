/**
 * Test document generator: deterministic text-layer PDFs of every document type (Chinese or
 * English labels), clean scans (PNG, PDF) and phone photos (JPEG) of them, placeholder images,
 * broken files, and complete application folders.
 */
export {
  type ApplicationJson,
  type DocumentOverride,
  type FileForm,
  KWH_PER_UNIT,
  type SampleApplication,
  type SampleApplicationSpec,
  type SkuDocumentsOverride,
  sampleApplication,
  writeApplicationFolder,
} from './application';
export {
  appealEvidencePdf,
  type BankStatementData,
  type BankTransactionData,
  type BrandAuthorizationData,
  bankStatementPdf,
  brandAuthorizationPdf,
  type CapacityProofData,
  type CapacityRowData,
  capacityProofPdf,
  type DocOptions,
  type ElectricityBillData,
  type ElectricityMonthData,
  type ElectricityOptions,
  electricityBillPdf,
  foodLicencePdf,
  type IdCardData,
  idCardPdf,
  type Lang,
  type LicenceData,
  type LicenceOptions,
  licencePdf,
  licenceTerm,
  manyPagesPdf,
  medicalDeviceFilingPdf,
  rohsPdf,
  type SimpleDocData,
  type SimpleDocumentType,
  scannedPdf,
  sdsPdf,
  simpleDocumentPdf,
  type TrademarkData,
  type TrademarkOptions,
  trademarkPdf,
  un38_3Pdf,
} from './documents';
export { CJK_FONT_FILE, CJK_FONT_PACKAGE, cjkFontPath } from './font';
export {
  addDays,
  addYears,
  type DateStyle,
  formatDate,
  formatFen,
  formatMonth,
  fullWidth,
  type MonthStyle,
  monthsBefore,
} from './format';
export {
  elfExecutable,
  encryptedPdf,
  type ImageOptions,
  jpegImage,
  pngHeaderOnly,
  pngImage,
  textFile,
  truncated,
  windowsExecutable,
  zipArchive,
} from './images';
export { FIXED_PDF_DATE } from './pdf';
export { type Rng, rng } from './prng';
export { type PhotoOptions, photoJpeg, type ScanOptions, scanPdf, scanPng } from './scan';
