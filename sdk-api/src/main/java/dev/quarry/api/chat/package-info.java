/** Chat models: requests, the sealed message hierarchy, tool specs and calls, token usage. */
package dev.quarry.api.chat;
