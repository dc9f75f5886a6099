// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "vm" section of meta.json.  A run inside a guest booted by
 * bench/vm/run-guest.sh cannot see how it was booted (which variant, KVM
 * or TCG, why): the host writes that into a small JSON file in the
 * initramfs and names it in FABENCH_VM_META.  It is copied verbatim, so the
 * result directory says by itself whether its times were emulated.
 */
#include <jansson.h>
#include <stdlib.h>

#include "bench/harness/meta.h"

json_t *meta_vm(void)
{
	const char *path = getenv("FABENCH_VM_META");
	json_error_t err;
	json_t *vm;

	if (!path || !*path)
		return NULL;
	vm = json_load_file(path, 0, &err);
	if (!vm || !json_is_object(vm)) {
		json_decref(vm);
		return json_sprintf("unsupported: %s:%d: %s", path, err.line, err.text);
	}
	return vm;
}
