/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - minimal TAP output for the native hw/ unit tests.
 *
 * Each test program prints "ok N - name" or "not ok N - name" lines, with
 * what it expected and what it saw on a failure, then "1..N", and exits
 * non-zero if anything failed.
 */
#ifndef XNIC_TESTS_TAP_H
#define XNIC_TESTS_TAP_H

#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

/* CHECK(cond, name): one test point */
#define CHECK(cond, ...) do {						\
	tap_n++;							\
	if (cond) {							\
		printf("ok %d - ", tap_n);				\
	} else {							\
		tap_failed++;						\
		printf("not ok %d - ", tap_n);				\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!(cond))							\
		printf("#   failed: %s at %s:%d\n", #cond,		\
		       __FILE__, __LINE__);				\
} while (0)

/* CHECK_EQ(expected, seen, name): integer equality, prints both on failure */
#define CHECK_EQ(exp, seen, ...) do {					\
	long long tap_e = (long long)(exp), tap_s = (long long)(seen);	\
	tap_n++;							\
	if (tap_e == tap_s) {						\
		printf("ok %d - ", tap_n);				\
	} else {							\
		tap_failed++;						\
		printf("not ok %d - ", tap_n);				\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (tap_e != tap_s)						\
		printf("#   expected %s = %lld, saw %lld (%s:%d)\n",	\
		       #seen, tap_e, tap_s, __FILE__, __LINE__);	\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* XNIC_TESTS_TAP_H */
