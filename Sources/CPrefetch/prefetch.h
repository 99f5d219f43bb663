/* Software prefetch for the graph searches of RampartCore, which Swift cannot express. */
#ifndef RAMPART_PREFETCH_H
#define RAMPART_PREFETCH_H

/* Asks the processor to start loading the cache line holding `address` for reading; it has
   no other effect and never faults, whatever the address. */
static inline void rampart_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
