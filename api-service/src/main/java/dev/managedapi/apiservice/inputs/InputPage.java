package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.memory.MemoryBudget;
import java.util.List;

/**
 * One page read from the store: its inputs, whether more follow, and the memory reserved for them
 * (released once the page has been sent or written).
 */
record InputPage(List<StoredInput> items, boolean more, MemoryBudget.Reservation reservation) {}
