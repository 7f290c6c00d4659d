/** Capacity proof table (产能证明表): one row per SKU with its monthly capacity. */
import type { CapacityProofFields, CapacityRow, Field } from '../../domain/model';
import { field, type LabelSpec, type Span, type TextLine, tableRows } from './text';
import { parseCount } from './values';

type Column = 'sku' | 'capacity' | 'other';

export const CAPACITY_COLUMNS: readonly LabelSpec<Column>[] = [
  {
    key: 'sku',
    labels: ['SKU', 'SKU编号', '货号', '款号', '产品编号', '商品编码', 'Item No.', 'SKU No.', 'SKU Code'],
  },
  {
    key: 'capacity',
    labels: [
      '月产能',
      '月产量',
      '产能',
      '每月产能',
      'Monthly Capacity',
      'Capacity per Month',
      'Monthly Output',
      'Capacity',
    ],
  },
  {
    key: 'other',
    labels: [
      '产品名称',
      '品名',
      '名称',
      '备注',
      '年产能',
      '年产量',
      '生产线',
      '生产线数',
      'Product Name',
      'Product',
      'Product Description',
      'Description',
      'Name',
      'Remarks',
      'Annual Capacity',
      'Annual Output',
      'Capacity per Year',
      'Production Lines',
    ],
  },
];

const SKU_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._/#-]*$/;

export function parseCapacityProof(lines: readonly TextLine[], file: string): CapacityProofFields {
  const rows: Field<CapacityRow>[] = [];
  const seen = new Set<string>();
  for (const row of tableRows(lines, CAPACITY_COLUMNS, ['sku', 'capacity'])) {
    let read: Field<CapacityRow> | null = null;
    if (row.cells) {
      const sku = (row.cells.sku ?? '').trim();
      const capacity = parseCount(row.cells.capacity ?? '');
      if (sku && SKU_SHAPE.test(sku) && capacity) {
        const used = [row.cellSpans?.sku, row.cellSpans?.capacity].filter((x): x is Span => x !== undefined);
        read = field({ sku, monthlyCapacity: capacity.value }, capacity.clean, file, row.at, used);
      }
    }
    if (!read) {
      // By shape: a SKU-like first cell and a count in the last one. Partial at best.
      const sku = row.segments[0] ?? '';
      const capacity = parseCount(row.segments[row.segments.length - 1] ?? '');
      if (row.segments.length >= 2 && SKU_SHAPE.test(sku) && capacity) {
        read = field({ sku, monthlyCapacity: capacity.value }, false, file, row.at);
      }
    }
    if (read && !seen.has(read.value.sku)) {
      seen.add(read.value.sku);
      rows.push(read);
    }
  }
  return { rows };
}
