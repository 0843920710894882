/** Direction marks and embeddings (LRM, RLM, ALM, LRE…PDF, LRI…PDI) and the BOM: invisible in every text read. */
export const DIRECTION_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;
