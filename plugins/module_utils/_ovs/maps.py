# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The free-form map columns of a managed bridge or port row: ``external_ids`` and ``other_config``.

The keys given are set; the others are kept unless ``purge_<column>`` (the owner mark is never
purged). A resource holds each column as the attributes named like its options: ``external_ids``
(None: leave the column alone) and ``purge_external_ids``, the same for ``other_config``.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._core.params import flag
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import merged_map, plan_map
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_string_map

MAP_COLUMNS = ("external_ids", "other_config")


def set_maps(resource, params):
    """Validate the map options of ``params`` onto ``resource`` (every value becomes text, as OVS
    stores it; a purge flag not given is false)."""
    for column in MAP_COLUMNS:
        setattr(resource, column, validate_string_map(column, params.get(column)))
        setattr(resource, "purge_" + column, flag(params, "purge_" + column, False))


def plan_maps(resource, table, before):
    """One Change (or None) per map column of ``resource``'s row in ``table``, against ``before``."""
    return [plan_map(resource, table, resource.name, column, before[column], getattr(resource, column),
                     getattr(resource, "purge_" + column)) for column in MAP_COLUMNS]


def merge_maps(resource, after):
    """``after`` (a row's state) with its map columns as they will be once the resource is applied."""
    for column in MAP_COLUMNS:
        after[column] = merged_map(after[column], getattr(resource, column), getattr(resource, "purge_" + column))
    return after
