import type MarkdownIt from 'markdown-it';

/** The attribute names a ```conv-playground block may set (the element's own). */
export declare const ATTRIBUTES: readonly string[];
/** Parses a block body: one `name: value` per line; `#` lines and blank lines are skipped. */
export declare function parseBlock(body: string): { attrs: [string, string][]; errors: string[] };
/** The escaped <conv-playground> markup for a block body, or a visible error block. */
export declare function renderBlock(body: string, options?: { className?: string }): string;
/** markdown-it plugin: ```conv-playground fences become <conv-playground> elements. */
export default function convPlayground(md: MarkdownIt, options?: { info?: string }): void;
