/**
 * Spring Boot auto-configuration for Quarry: {@link dev.quarry.spring.boot.QuarryAutoConfiguration} and its
 * {@code quarry.*} {@link dev.quarry.spring.boot.QuarryProperties}.
 */
package dev.quarry.spring.boot;
