// SPDX-License-Identifier: GPL-2.0
/*
 * devlink_resource.c - the NIC's flow rule table as a devlink resource.
 *
 *	$ devlink resource show pci/0000:01:00.0
 *	pci/0000:01:00.0:
 *	  name flow_rules size 1048576 occ 3 unit entry dpipe_tables none
 *
 * The size is the table size of the running firmware (FLOW_INFO max_rules,
 * the image header's max_flows); the NIC fixes it, so the resource cannot
 * be resized (size_min = size_max = size). The occupancy is the driver's
 * count of offloaded rules, the one the eswitch keeps to refuse mode
 * changes while rules exist. Only a PF whose firmware offloads flower has
 * the resource.
 */
#include <net/devlink.h>

#include "xnic.h"
#include "devlink_resource.h"
#include "eswitch.h"
#include "flower.h"

enum xnic_devlink_resource_id {
	XNIC_DL_RES_FLOW_RULES = 1,	/* 0 is DEVLINK_RESOURCE_ID_PARENT_TOP */
};

static u64 xnic_dl_res_flow_rules_occ(void *priv)
{
	return xnic_esw_num_offloaded_rules(priv);
}

/**
 * xnic_devlink_resources_register() - register the PF's devlink resources
 * @xnic: the PF, flower offload set up, devlink instance not registered yet
 *
 * Nothing is registered for a VF or a firmware without flower offload.
 *
 * Context: process context (probe), devlink instance lock not held.
 * Return: 0 or a negative errno (nothing is then registered).
 */
int xnic_devlink_resources_register(struct xnic *xnic)
{
	struct devlink_resource_size_params params;
	u64 size;
	int err;

	if (xnic->is_vf || !xnic->flower)
		return 0;
	size = xnic_flower_max_rules(xnic);
	/* granularity 1: devlink divides by it when a size is set */
	devlink_resource_size_params_init(&params, size, size, 1,
					  DEVLINK_RESOURCE_UNIT_ENTRY);
	err = devlink_resource_register(xnic->devlink, "flow_rules", size,
					XNIC_DL_RES_FLOW_RULES,
					DEVLINK_RESOURCE_ID_PARENT_TOP,
					&params);
	if (err) {
		dev_err(xnic_dev(xnic),
			"cannot register the flow_rules devlink resource (%d)\n",
			err);
		return err;
	}
	devlink_resource_occ_get_register(xnic->devlink, XNIC_DL_RES_FLOW_RULES,
					  xnic_dl_res_flow_rules_occ, xnic);
	return 0;
}

/**
 * xnic_devlink_resources_unregister() - remove what
 * xnic_devlink_resources_register() registered
 * @xnic: the PF
 *
 * Context: process context, devlink instance lock not held; the instance
 * unregistered (remove) or never registered (a failed probe).
 */
void xnic_devlink_resources_unregister(struct xnic *xnic)
{
	if (xnic->is_vf || !xnic->devlink)
		return;
	/* frees every resource with its occupancy getter; none is fine */
	devlink_resources_unregister(xnic->devlink);
}
