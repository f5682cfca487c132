/** Small renderings of results for people to look at: {@link dev.quarry.rag.display.HitTable}. */
package dev.quarry.rag.display;
