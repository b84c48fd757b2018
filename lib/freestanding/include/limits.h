/* Minimal <limits.h> for the freestanding build: what libfdt uses, from the compiler's own macros. */
#ifndef SV_FREESTANDING_LIMITS_H
#define SV_FREESTANDING_LIMITS_H

#define INT_MAX __INT_MAX__

#endif
