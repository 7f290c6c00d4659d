/**
 * Where the CJK font comes from. No imports: the CDK app (lib/) reads these to copy the file next
 * to a Lambda bundle, and the runtime reads them to find it again.
 */

/** npm package shipping Noto Sans CJK SC (OFL-1.1): every CJK Unified Ideograph, Ext A and Latin. */
export const CJK_FONT_PACKAGE = '@embedpdf/fonts-sc';
/** The one weight used (8.4 MB, OpenType/CFF); fontkit subsets it to the glyphs a document uses. */
export const CJK_FONT_FILE = 'NotoSansHans-Regular.otf';
/** The file inside the package. */
export const CJK_FONT_PACKAGE_PATH = `node_modules/${CJK_FONT_PACKAGE}/fonts/${CJK_FONT_FILE}`;
/** In a Lambda bundle: this folder beside the bundle's entry file. */
export const BUNDLED_FONT_DIR = 'fonts';
