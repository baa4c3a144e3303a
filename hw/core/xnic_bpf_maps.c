// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic_bpf_maps.c - the NIC's offloaded maps, shared by the programs and
 * the host's MAP_* commands.
 *
 * Every map's storage is allocated at MAP_CREATE: max_entries elements of
 * (key, value), each 8-byte aligned. An array map's key is a u32 index and
 * its elements always exist (zeroed at creation). A hash map chains its
 * elements (open hashing) in a power-of-two bucket table, with a free list
 * through the same links, so it never holds more than max_entries. Its
 * iteration order (MAP_GET_NEXT) is bucket order, then chain order: stable
 * while the map does not change, as bpftool's dump needs.
 *
 * Handles: slot (0..XNIC_BPF_MAX_MAPS-1) in the low 6 bits, a generation
 * above, so a destroyed map's handle stays invalid until the generation
 * counter wraps (2^26 creations).
 */
#include <stdlib.h>
#include <string.h>

#include "xnic_bpf.h"

#define XNIC_BPF_SLOT_BITS	6
_Static_assert((1u << XNIC_BPF_SLOT_BITS) == XNIC_BPF_MAX_MAPS,
	       "map slots fit the handle's slot bits");

static size_t xnic_align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

unsigned int xnic_bpf_map_slot(uint32_t handle)
{
	return handle & (XNIC_BPF_MAX_MAPS - 1);
}

struct xnic_bpf_map *xnic_bpf_map_get(struct xnic_bpf *bpf, uint32_t handle)
{
	struct xnic_bpf_map *map = bpf->maps[xnic_bpf_map_slot(handle)];

	return map && map->handle == handle ? map : NULL;
}

static void xnic_bpf_map_free(struct xnic_bpf_map *map)
{
	free(map->elems);
	free(map->buckets);
	free(map->next);
	free(map);
}

static uint8_t *xnic_elem(struct xnic_bpf_map *map, uint32_t index)
{
	return map->elems + (size_t)index * map->elem_size;
}

uint8_t *xnic_bpf_map_elem_value(struct xnic_bpf_map *map, uint32_t index)
{
	if (index >= map->max_entries)
		return NULL;
	return xnic_elem(map, index) + map->key_stride;
}

static int xnic_bpf_hash_alloc(struct xnic_bpf_map *map, uint32_t seed)
{
	uint32_t i;

	map->nbuckets = 1;
	while (map->nbuckets < map->max_entries)
		map->nbuckets <<= 1;
	map->buckets = calloc(map->nbuckets, sizeof(*map->buckets));
	map->next = calloc(map->max_entries, sizeof(*map->next));
	if (!map->buckets || !map->next)
		return -1;
	/* free list: every element, in index order */
	for (i = 0; i + 1 < map->max_entries; i++)
		map->next[i] = i + 2;
	map->next[map->max_entries - 1] = 0;
	map->free_head = 1;
	map->seed = seed;
	return 0;
}

uint16_t xnic_bpf_map_create(struct xnic_bpf *bpf, uint32_t type,
			     uint32_t key_size, uint32_t value_size,
			     uint32_t max_entries, uint32_t flags,
			     uint32_t *handle)
{
	struct xnic_bpf_map *map;
	unsigned int slot;

	if (type != XNIC_BPF_MAP_HASH && type != XNIC_BPF_MAP_ARRAY)
		return XNIC_CMD_ST_EOPNOTSUPP;
	if (flags || !key_size || key_size > XNIC_BPF_MAX_KEY_SIZE ||
	    !value_size || value_size > XNIC_BPF_MAX_VALUE_SIZE ||
	    !max_entries || max_entries > XNIC_BPF_MAX_ENTRIES ||
	    (type == XNIC_BPF_MAP_ARRAY && key_size != 4))
		return XNIC_CMD_ST_EINVAL;
	if (max_entries > XNIC_BPF_MAX_ENTRIES - bpf->entries_used)
		return XNIC_CMD_ST_ENOSPC;
	for (slot = 0; slot < XNIC_BPF_MAX_MAPS; slot++)
		if (!bpf->maps[slot])
			break;
	if (slot == XNIC_BPF_MAX_MAPS)
		return XNIC_CMD_ST_ENOSPC;

	map = calloc(1, sizeof(*map));
	if (!map)
		return XNIC_CMD_ST_ENOSPC;
	map->type = type;
	map->key_size = key_size;
	map->value_size = value_size;
	map->max_entries = max_entries;
	map->key_stride = type == XNIC_BPF_MAP_ARRAY ? 0 : xnic_align8(key_size);
	map->elem_size = map->key_stride + xnic_align8(value_size);
	map->elems = calloc(max_entries, map->elem_size);
	if (!map->elems ||
	    (type == XNIC_BPF_MAP_HASH &&
	     xnic_bpf_hash_alloc(map, (uint32_t)(bpf->prng >> 32) ^
				 bpf->handle_gen))) {
		xnic_bpf_map_free(map);
		return XNIC_CMD_ST_ENOSPC;
	}
	bpf->handle_gen++;
	if (bpf->handle_gen >= 1u << (32 - XNIC_BPF_SLOT_BITS))
		bpf->handle_gen = 1;
	map->handle = bpf->handle_gen << XNIC_BPF_SLOT_BITS | slot;
	bpf->maps[slot] = map;
	bpf->entries_used += max_entries;
	bpf->maps_used++;
	*handle = map->handle;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_bpf_map_destroy(struct xnic_bpf *bpf, uint32_t handle)
{
	struct xnic_bpf_map *map = xnic_bpf_map_get(bpf, handle);

	if (!map)
		return XNIC_CMD_ST_ENOENT;
	if (map->users)
		return XNIC_CMD_ST_EBUSY;
	bpf->maps[xnic_bpf_map_slot(handle)] = NULL;
	bpf->entries_used -= map->max_entries;
	bpf->maps_used--;
	xnic_bpf_map_free(map);
	return XNIC_CMD_ST_OK;
}

/* Array index of @key, or max_entries if out of range */
static uint32_t xnic_array_index(const struct xnic_bpf_map *map,
				 const uint8_t *key)
{
	uint32_t i = (uint32_t)key[0] | (uint32_t)key[1] << 8 |
		     (uint32_t)key[2] << 16 | (uint32_t)key[3] << 24;

	return i < map->max_entries ? i : map->max_entries;
}

/* FNV-1a with the map's seed, finished with a multiplicative mix */
static uint32_t xnic_hash_key(const struct xnic_bpf_map *map,
			      const uint8_t *key)
{
	uint32_t h = 2166136261u ^ map->seed;
	uint32_t i;

	for (i = 0; i < map->key_size; i++) {
		h ^= key[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x45d9f3bu;
	h ^= h >> 16;
	return h & (map->nbuckets - 1);
}

/* Element index + 1 of @key in its chain, 0 if absent; *@prev its link */
static uint32_t xnic_hash_find(struct xnic_bpf_map *map, const uint8_t *key,
			       uint32_t **link)
{
	uint32_t *l = &map->buckets[xnic_hash_key(map, key)];

	while (*l) {
		if (!memcmp(xnic_elem(map, *l - 1), key, map->key_size))
			break;
		l = &map->next[*l - 1];
	}
	if (link)
		*link = l;
	return *l;
}

uint8_t *xnic_bpf_map_lookup(struct xnic_bpf_map *map, const uint8_t *key,
			     uint32_t *index)
{
	uint32_t i;

	if (map->type == XNIC_BPF_MAP_ARRAY) {
		i = xnic_array_index(map, key);
		if (i == map->max_entries)
			return NULL;
	} else {
		i = xnic_hash_find(map, key, NULL);
		if (!i)
			return NULL;
		i--;
	}
	if (index)
		*index = i;
	return xnic_bpf_map_elem_value(map, i);
}

uint16_t xnic_bpf_map_update(struct xnic_bpf_map *map, const uint8_t *key,
			     const uint8_t *value, uint32_t flags)
{
	uint32_t *link, i;
	uint8_t *e;

	if (flags > XNIC_BPF_EXIST)
		return XNIC_CMD_ST_EINVAL;
	if (map->type == XNIC_BPF_MAP_ARRAY) {
		i = xnic_array_index(map, key);
		if (i == map->max_entries)
			return XNIC_CMD_ST_EINVAL;
		if (flags == XNIC_BPF_NOEXIST)
			return XNIC_CMD_ST_EEXIST;
		memcpy(xnic_bpf_map_elem_value(map, i), value,
		       map->value_size);
		return XNIC_CMD_ST_OK;
	}
	i = xnic_hash_find(map, key, &link);
	if (i) {
		if (flags == XNIC_BPF_NOEXIST)
			return XNIC_CMD_ST_EEXIST;
		memcpy(xnic_bpf_map_elem_value(map, i - 1), value,
		       map->value_size);
		return XNIC_CMD_ST_OK;
	}
	if (flags == XNIC_BPF_EXIST)
		return XNIC_CMD_ST_ENOENT;
	if (!map->free_head)
		return XNIC_CMD_ST_ENOSPC;
	i = map->free_head;
	map->free_head = map->next[i - 1];
	e = xnic_elem(map, i - 1);
	memset(e, 0, map->elem_size);
	memcpy(e, key, map->key_size);
	memcpy(e + map->key_stride, value, map->value_size);
	/* append: existing elements keep their place in the iteration */
	map->next[i - 1] = 0;
	*link = i;
	map->count++;
	return XNIC_CMD_ST_OK;
}

uint16_t xnic_bpf_map_delete(struct xnic_bpf_map *map, const uint8_t *key)
{
	uint32_t *link, i;

	if (map->type == XNIC_BPF_MAP_ARRAY)
		return XNIC_CMD_ST_EINVAL;
	i = xnic_hash_find(map, key, &link);
	if (!i)
		return XNIC_CMD_ST_ENOENT;
	*link = map->next[i - 1];
	map->next[i - 1] = map->free_head;
	map->free_head = i;
	map->count--;
	return XNIC_CMD_ST_OK;
}

/* First element index + 1 in buckets @b.. , 0 if none */
static uint32_t xnic_hash_first_from(const struct xnic_bpf_map *map,
				     uint32_t b)
{
	for (; b < map->nbuckets; b++)
		if (map->buckets[b])
			return map->buckets[b];
	return 0;
}

uint16_t xnic_bpf_map_get_next(struct xnic_bpf_map *map, const uint8_t *key,
			       uint8_t *next)
{
	uint32_t i;

	if (map->type == XNIC_BPF_MAP_ARRAY) {
		i = key ? xnic_array_index(map, key) : map->max_entries;
		if (i == map->max_entries)
			i = 0;		/* no key or out of range: first */
		else if (++i == map->max_entries)
			return XNIC_CMD_ST_ENOENT;
		next[0] = (uint8_t)i;
		next[1] = (uint8_t)(i >> 8);
		next[2] = (uint8_t)(i >> 16);
		next[3] = (uint8_t)(i >> 24);
		return XNIC_CMD_ST_OK;
	}
	i = key ? xnic_hash_find(map, key, NULL) : 0;
	if (!i)
		i = xnic_hash_first_from(map, 0);
	else if (map->next[i - 1])
		i = map->next[i - 1];
	else
		i = xnic_hash_first_from(map, xnic_hash_key(map, key) + 1);
	if (!i)
		return XNIC_CMD_ST_ENOENT;
	memcpy(next, xnic_elem(map, i - 1), map->key_size);
	return XNIC_CMD_ST_OK;
}
