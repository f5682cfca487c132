/** The text-classifier contract: the probability of each label for a text, such as a prompt-injection model's. */
package dev.quarry.api.classify;
