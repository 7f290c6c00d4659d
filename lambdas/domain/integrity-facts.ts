/**
 * What extraction notices about a document's making, beside its fields: the facts the integrity
 * rules (rules/integrity.ts) decide on. They are stored with the extraction, so the checks and a
 * replay decide on the same facts. Pure data; regions are fractions of the page (PageRegion).
 */
import type { PageRegion } from './model.js';

/** One incremental update of a PDF: what a save after the first one added or replaced. */
export interface PdfUpdate {
  /** 2 for the first update after the original save, and so on. */
  revision: number;
  /** Objects the update (re)defines. */
  objects: number;
  /** 1-based pages whose page object or content stream the update (re)defines. */
  pages: number[];
  /** Whether it (re)defines a content stream, a page, an annotation or a form XObject. */
  changesContent: boolean;
}

export interface PdfStructure {
  /** Saves of the file: 1 for a file written once (a linearized file's first-page section is not a save). */
  revisions: number;
  updates: PdfUpdate[];
  producer?: string;
  creator?: string;
  /** ISO date-times as the Info dictionary gives them, when it does. */
  created?: string;
  modified?: string;
}

/** A text item of a text layer: its text, the font it is drawn in and where. */
export interface TextItemFact {
  page: number;
  text: string;
  font: string;
  box: PageRegion;
}

/** A text drawn over a filled shape that hides another text beneath it. */
export interface CoveredText {
  page: number;
  /** The region of the filled shape. */
  box: PageRegion;
  shown: string;
  hidden: string;
}

/** A place a figure was read: page and region (absent for text tests without boxes). */
export interface FigureAt {
  page: number;
  box?: PageRegion;
  /** Read cleanly from a text layer or with OCR confidence at the floor or above. */
  clean: boolean;
}

/** One billed month of an electricity bill, with the figures printed for it. */
export interface BillFigures extends FigureAt {
  month: string;
  /** Meter readings in hundredths of a unit (381515 → 38151500). */
  previousCenti?: number;
  currentCenti?: number;
  /** The meter multiplier (倍率), in hundredths too (1 → 100). */
  multiplierCenti?: number;
  kwh?: number;
  /** Unit price in ten-thousandths of a yuan (0.6420 → 6420). */
  unitPriceE4?: number;
  /** Amount in fen. */
  amountMinor?: number;
}

/** One line of a bank statement with its amount and the balance after it, both in fen. */
export interface BankLineFigures extends FigureAt {
  date: string;
  amountMinor: number;
  balanceMinor: number;
}

/** An account number (户号 / 账号) as printed, digits only. */
export interface AccountNumberFact extends FigureAt {
  value: string;
}

export interface IntegrityFacts {
  sha256: string;
  pdf?: PdfStructure;
  /** Software named by an image's EXIF/XMP (Software, CreatorTool, ProcessingSoftware). */
  imageSoftware: string[];
  /** Perceptual hash (64-bit, hex) of each page image read by OCR, after OCR's normalisation. */
  pageHashes: { page: number; hash: string }[];
  /** Text items that are values (numbers, amounts, dates, codes), with their fonts. */
  valueItems: TextItemFact[];
  covered: CoveredText[];
  accountNumber?: AccountNumberFact;
  bills: BillFigures[];
  bankLines: BankLineFigures[];
}
