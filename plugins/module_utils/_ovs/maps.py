# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The free-form map columns of a managed bridge or port row: ``external_ids`` and ``other_config``.

The keys given are set; the others are kept unless ``purge_<column>`` (the owner mark is never
purged). A resource holds each column as the attributes named like its options: ``external_ids``
(None: leave the column alone) and ``purge_external_ids``, the same for ``other_config``.
"""

from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.resource import merged_map, plan_map
from ansible_collections.linuxnet.netns.plugins.module_utils._ovs.validate import validate_string_map

MAP_COLUMNS = ("external_ids", "other_config")


def set_maps(resource, external_ids, purge_external_ids, other_config, purge_other_config):
    """Validate the map options onto ``resource`` (every value becomes text, as OVS stores it)."""
    resource.external_ids = validate_string_map("external_ids", external_ids)
    resource.purge_external_ids = bool(purge_external_ids)
    resource.other_config = validate_string_map("other_config", other_config)
    resource.purge_other_config = bool(purge_other_config)


def plan_maps(resource, table, before):
    """One Change (or None) per map column of ``resource``'s row in ``table``, against ``before``."""
    return [plan_map(resource, table, resource.name, column, before[column], getattr(resource, column),
                     getattr(resource, "purge_" + column)) for column in MAP_COLUMNS]


def merge_maps(resource, after):
    """``after`` (a row's state) with its map columns as they will be once the resource is applied."""
    for column in MAP_COLUMNS:
        after[column] = merged_map(after[column], getattr(resource, column), getattr(resource, "purge_" + column))
    return after
