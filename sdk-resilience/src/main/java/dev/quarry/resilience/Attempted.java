package dev.quarry.resilience;

/**
 * What a call through a policy returned, and how many attempts it took.
 *
 * @param result what the model returned
 * @param attempts the attempts made, from 1
 */
record Attempted<T>(T result, int attempts) {}
