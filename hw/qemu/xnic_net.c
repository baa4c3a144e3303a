/*
 * xnic: the physical ports, one NIC net client per port
 *
 * Port 0 takes the "netdev" and "mac" properties, port 1 "netdev1" and the
 * MAC address of port 0 plus one. A port without a netdev has its link
 * down. Frames the core cannot take yet (its RX ring is momentarily full)
 * stay queued in QEMU until the driver posts buffers; a disabled port or
 * one without RX queues drops and counts, so a shared wire never stalls.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "net/net.h"

#include "xnic.h"

static XnicPort *xnic_port_of(NetClientState *nc)
{
    return qemu_get_nic_opaque(nc);
}

static bool xnic_net_can_receive(NetClientState *nc)
{
    XnicPort *port = xnic_port_of(nc);

    return xnic_core_can_receive(port->s->core, port->index);
}

static ssize_t xnic_net_receive(NetClientState *nc, const uint8_t *buf,
                                size_t size)
{
    XnicPort *port = xnic_port_of(nc);

    switch (xnic_core_port_rx(port->s->core, port->index, buf, size)) {
    case XNIC_RX_RETRY:
        return 0;       /* QEMU holds it until xnic_net_rx_ready() */
    case XNIC_RX_DELIVERED:
    case XNIC_RX_DROPPED:
    default:
        return size;
    }
}

static bool xnic_port_link_up(XnicPort *port)
{
    NetClientState *nc = qemu_get_queue(port->nic);

    return nc->peer && !nc->link_down;
}

static void xnic_net_link_status_changed(NetClientState *nc)
{
    XnicPort *port = xnic_port_of(nc);

    xnic_core_set_link(port->s->core, port->index, xnic_port_link_up(port));
}

static NetClientInfo xnic_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = xnic_net_can_receive,
    .receive = xnic_net_receive,
    .link_status_changed = xnic_net_link_status_changed,
};

void xnic_net_init(XnicState *s)
{
    DeviceState *dev = DEVICE(s);
    unsigned int i;

    for (i = 0; i < s->num_ports; i++) {
        XnicPort *port = &s->port[i];
        g_autofree char *name = NULL;

        /* port 0 is named by the device id, port 1 by "<id>.1" (set_link) */
        if (i && dev->id) {
            name = g_strdup_printf("%s.%u", dev->id, i);
        }
        port->s = s;
        port->index = i;
        port->nic = qemu_new_nic(&xnic_net_info, &port->conf,
                                 object_get_typename(OBJECT(s)),
                                 name ? name : dev->id,
                                 &dev->mem_reentrancy_guard, port);
        qemu_format_nic_info_str(qemu_get_queue(port->nic),
                                 port->conf.macaddr.a);
        xnic_core_set_link(s->core, i, xnic_port_link_up(port));
    }
}

void xnic_net_cleanup(XnicState *s)
{
    unsigned int i;

    for (i = 0; i < XNIC_MAX_PHYS_PORTS; i++) {
        if (s->port[i].nic) {
            qemu_del_nic(s->port[i].nic);
            s->port[i].nic = NULL;
        }
    }
}

void xnic_net_port_tx(XnicState *s, unsigned int port, const uint8_t *frame,
                      size_t len)
{
    if (port < s->num_ports && s->port[port].nic) {
        qemu_send_packet(qemu_get_queue(s->port[port].nic), frame, len);
    }
}

void xnic_net_rx_ready(XnicState *s, unsigned int port)
{
    if (port < s->num_ports && s->port[port].nic) {
        qemu_flush_queued_packets(qemu_get_queue(s->port[port].nic));
    }
}
