// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linked into the static binary only.  Debian ships libhwloc.a but no
 * libudev.a; hwloc uses udev only to name block devices and treats a NULL
 * udev_new() as "no udev", reading sysfs instead.  These stand-ins say
 * exactly that, so `make static` links without changing what hwloc reports
 * about CPUs and NUMA nodes.
 */
#include <stddef.h>

struct udev;
struct udev_device;

struct udev *udev_new(void);
struct udev *udev_unref(struct udev *u);
struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *u,
		const char *subsystem, const char *sysname);
struct udev_device *udev_device_unref(struct udev_device *d);
const char *udev_device_get_property_value(struct udev_device *d, const char *key);

struct udev *udev_new(void)
{
	return NULL;
}

struct udev *udev_unref(struct udev *u)
{
	(void)u;
	return NULL;
}

struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *u,
		const char *subsystem, const char *sysname)
{
	(void)u;
	(void)subsystem;
	(void)sysname;
	return NULL;
}

struct udev_device *udev_device_unref(struct udev_device *d)
{
	(void)d;
	return NULL;
}

const char *udev_device_get_property_value(struct udev_device *d, const char *key)
{
	(void)d;
	(void)key;
	return NULL;
}
