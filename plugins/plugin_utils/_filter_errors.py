# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the collection's filters report bad input: AnsibleFilterError("FILTER: message"), so the task's
error names the filter and the problem instead of showing a Python traceback."""

import functools

from ansible.errors import AnsibleFilterError

# What the picture filters (to_mermaid, to_dot) raise on input that is not netns_info's.
PICTURE_ERRORS = (TypeError, KeyError, ValueError, AttributeError)


def filter_failures(name, *errors):
    """Decorator: ``errors`` raised by the filter become AnsibleFilterError naming filter ``name``."""
    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except errors as error:
                raise AnsibleFilterError("%s: %s" % (name, error))
        return run
    return decorate


def picture_filter(name, draw):
    """The filter ``name``: ``draw(infos, title)``, one picture of the hosts in ``infos``."""
    @filter_failures(name, *PICTURE_ERRORS)
    def picture(infos, title="topology"):
        return draw(infos, title=str(title))
    return picture
