/* SPDX-License-Identifier: GPL-2.0-only */
/* The unit tests' one floating-point assertion (after cmocka.h). */
#ifndef FABENCH_TESTS_ASSERT_NEAR_H
#define FABENCH_TESTS_ASSERT_NEAR_H

#include <math.h>

/* |a - b| <= eps, else a cmocka failure naming a and both values */
#define assert_near(a, b, eps)						\
	do {								\
		double a_ = (a), b_ = (b);				\
		if (!(fabs(a_ - b_) <= (eps)))				\
			fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
	} while (0)

#endif /* FABENCH_TESTS_ASSERT_NEAR_H */
