/**
 * Suggests a category for uncategorised text from each category's domain words. Longer words
 * weigh more (养老金 says more than 养老); the confidence is the winner's share of all weight.
 * Deliberately simple for now: it needs no training data and staff see the confidence.
 */
export interface CategoryWords {
  code: string;
  keywords: readonly string[];
}

export interface Classification {
  code: string;
  confidence: number;
}

export function classify(text: string, categories: readonly CategoryWords[], fallback = 'other'): Classification {
  const scores = new Map<string, number>();
  for (const c of categories) {
    let score = 0;
    for (const word of c.keywords) {
      if (!word) continue;
      let from = 0;
      for (let at = text.indexOf(word, from); at !== -1; at = text.indexOf(word, from)) {
        score += word.length;
        from = at + word.length;
      }
    }
    if (score > 0) scores.set(c.code, score);
  }
  const total = [...scores.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return { code: fallback, confidence: 0 };
  const [code, best] = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  return { code, confidence: Math.round((best / total) * 100) / 100 };
}
