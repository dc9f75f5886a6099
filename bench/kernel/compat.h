/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uapi constants newer than the build host's linux/ headers.
 *
 * fabench is built on Debian 12 (Linux 6.1 headers) but measures kernels up
 * to the newest, so every constant that appeared later is carried here, each
 * guarded so that newer headers win.  Values are the kernel's uapi ABI.
 */
#ifndef FABENCH_COMPAT_H
#define FABENCH_COMPAT_H

/* first, so that a header newer than this file defines PAGEMAP_SCAN itself */
#include <linux/fs.h>
#include <linux/types.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif

/* /dev/userfaultfd (Linux 6.1) */
#ifndef USERFAULTFD_IOC
#define USERFAULTFD_IOC 0xAA
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(USERFAULTFD_IOC, 0x00)
#endif

#ifndef UFFD_FEATURE_WP_UNPOPULATED
#define UFFD_FEATURE_WP_UNPOPULATED (1 << 13)	/* Linux 6.4 */
#endif
#ifndef UFFD_FEATURE_POISON
#define UFFD_FEATURE_POISON (1 << 14)		/* Linux 6.6 */
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)		/* Linux 6.7 */
#endif
#ifndef UFFD_FEATURE_MOVE
#define UFFD_FEATURE_MOVE (1 << 16)		/* Linux 6.8 */
#endif

/*
 * PAGEMAP_SCAN on /proc/PID/pagemap (Linux 6.7), from include/uapi/linux/fs.h
 * (torvalds/linux 01edea1bbd17).  The structs cannot be guarded by their own
 * names, so the ioctl's name guards them: headers that have it have them.
 */
#ifndef PAGEMAP_SCAN
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)

#define PAGE_IS_WPALLOWED (1 << 0)
#define PAGE_IS_WRITTEN (1 << 1)
#define PAGE_IS_FILE (1 << 2)
#define PAGE_IS_PRESENT (1 << 3)
#define PAGE_IS_SWAPPED (1 << 4)
#define PAGE_IS_PFNZERO (1 << 5)
#define PAGE_IS_HUGE (1 << 6)

struct page_region {
	__u64 start;
	__u64 end;
	__u64 categories;
};

#define PM_SCAN_WP_MATCHING (1 << 0)
#define PM_SCAN_CHECK_WPASYNC (1 << 1)

struct pm_scan_arg {
	__u64 size;
	__u64 flags;
	__u64 start;
	__u64 end;
	__u64 walk_end;
	__u64 vec;
	__u64 vec_len;
	__u64 max_pages;
	__u64 category_inverted;
	__u64 category_mask;
	__u64 category_anyof_mask;
	__u64 return_mask;
};
#endif /* PAGEMAP_SCAN */

/* madvise(2) (Linux 6.1), missing from glibc 2.36's <sys/mman.h> */
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif

#endif /* FABENCH_COMPAT_H */
