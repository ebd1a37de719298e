package dev.managedapi.apiservice.inputs;

/** An input with its storage position, which only pagination needs. */
record StoredInput(long position, Input input) {}
