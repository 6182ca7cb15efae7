import { personsDataset } from './persons.dataset.ts';

/**
 * The files `minsheng import <dataset>` understands, by name. A new dataset (employers,
 * income …) is one more entry: its columns, a pure row check and a chunk writer (see dataset.ts).
 */
export const datasets = {
  persons: personsDataset,
};

export type DatasetName = keyof typeof datasets;

export const importDatasetNames = Object.keys(datasets) as DatasetName[];
