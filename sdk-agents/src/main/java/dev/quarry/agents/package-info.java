/** Tool-using agents, chat memory and guarded text-to-SQL. */
package dev.quarry.agents;
