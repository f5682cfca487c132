/** Token counting and truncation contracts shared by splitters and context budgets. */
package dev.quarry.api.tokenizer;
