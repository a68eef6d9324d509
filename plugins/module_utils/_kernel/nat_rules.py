# -*- coding: utf-8 -*-
# Copyright: linuxnet.netns contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The NAT table of one owner as nftables JSON, both ways (pure: no I/O).

The table is ``table ip linuxnet_<owner>`` with two base chains, ``prerouting`` (type nat, priority
dstnat: the port forwards) and ``postrouting`` (type nat, priority srcnat: the masquerades), and
nothing else. It is written as one batch that adds, deletes and adds the table again (so the batch
is the same whether the table exists or not) and then its chains and rules: one transaction.

It is read back from ``nft -j list ruleset``: a rule counts as ours only when rendering what it was
parsed into gives exactly the rule nft listed, so ``parse(render(x)) == x`` is the comparison, on
nftables' own JSON. Anything else in the table (a rule or chain added by hand) is reported as
``unrecognised`` and makes the plan replace the table.
"""

FAMILY = "ip"
TABLE_PREFIX = "linuxnet_"
CHAINS = (
    ("prerouting", {"type": "nat", "hook": "prerouting", "prio": -100, "policy": "accept"}),
    ("postrouting", {"type": "nat", "hook": "postrouting", "prio": 100, "policy": "accept"}),
)
CHAIN_OF = {"masquerade": "postrouting", "forwards": "prerouting"}


def table_name(owner):
    return TABLE_PREFIX + owner


def table_ref(name):
    return {"family": FAMILY, "name": name}


# -- rendering ------------------------------------------------------------------------------------
def _match(left, right):
    return {"match": {"op": "==", "left": left, "right": right}}


def _ifname(key, name):
    return _match({"meta": {"key": key}}, name)


def masquerade_expr(item):
    address, length = item["source"].split("/")
    right = address if length == "32" else {"prefix": {"addr": address, "len": int(length)}}
    return [_match({"payload": {"protocol": "ip", "field": "saddr"}}, right),
            _ifname("oifname", item["out_interface"]),
            {"masquerade": None}]


def forward_expr(item):
    expr = [_ifname("iifname", item["in_interface"])] if item.get("in_interface") else []
    port = item["port"]
    right = {"range": [int(bound) for bound in port.split("-")]} if isinstance(port, str) else port
    expr.append(_match({"payload": {"protocol": item["protocol"], "field": "dport"}}, right))
    target = {"addr": item["to"]}
    if item.get("to_port") is not None:
        target["port"] = item["to_port"]
    expr.append({"dnat": target})
    return expr


EXPR_OF = {"masquerade": masquerade_expr, "forwards": forward_expr}


def table_batch(name, rules):
    """The one transaction that makes table ``name`` hold exactly ``rules`` ({"masquerade": [...],
    "forwards": [...]}, each list in the order its rules are evaluated)."""
    ref = table_ref(name)
    commands = [{"add": {"table": ref}}, {"delete": {"table": ref}}, {"add": {"table": ref}}]
    for chain, hook in CHAINS:
        commands.append({"add": {"chain": dict(hook, family=FAMILY, table=name, name=chain)}})
    for key in ("forwards", "masquerade"):
        for item in rules[key]:
            commands.append({"add": {"rule": {"family": FAMILY, "table": name, "chain": CHAIN_OF[key],
                                              "expr": EXPR_OF[key](item)}}})
    return commands


def delete_batch(name):
    return [{"delete": {"table": table_ref(name)}}]


# -- parsing --------------------------------------------------------------------------------------
def _right(expr, index, key=None):
    """The ``right`` of match number ``index``, when its ``left`` is a meta ``key``, else None."""
    match = expr[index].get("match") if index < len(expr) and isinstance(expr[index], dict) else None
    if not match:
        return None
    if key is not None and match.get("left") != {"meta": {"key": key}}:
        return None
    return match.get("right")


def parse_masquerade(expr):
    if len(expr) != 3:
        return None
    right = _right(expr, 0)
    if isinstance(right, str):
        source = right + "/32"
    elif isinstance(right, dict) and "prefix" in right:
        source = "%s/%s" % (right["prefix"].get("addr"), right["prefix"].get("len"))
    else:
        return None
    return {"source": source, "out_interface": _right(expr, 1, "oifname")}


def parse_forward(expr):
    in_interface = _right(expr, 0, "iifname") if len(expr) == 3 else None
    if len(expr) not in (2, 3) or not isinstance(expr[-1], dict) or "dnat" not in expr[-1]:
        return None
    port_match = (expr[-2].get("match") or {}) if isinstance(expr[-2], dict) else {}
    payload = (port_match.get("left") or {}).get("payload") or {}
    right, target = port_match.get("right"), expr[-1]["dnat"] or {}
    if isinstance(right, dict) and "range" in right:
        right = "%s-%s" % tuple(right["range"])
    return {"protocol": payload.get("protocol"), "port": right, "to": target.get("addr"),
            "to_port": target.get("port"), "in_interface": in_interface}


PARSE_OF = {"masquerade": parse_masquerade, "forwards": parse_forward}


def _ours(key, expr):
    """The item rule ``expr`` was rendered from, or None when it is not one of ours."""
    try:
        item = PARSE_OF[key](expr)
        return item if item is not None and EXPR_OF[key](item) == expr else None
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return None


def read_table(ruleset, name):
    """``{"masquerade", "forwards", "unrecognised"}`` of table ``name`` in ``ruleset`` (the objects
    of ``nft -j list ruleset``), or None when there is no such table."""
    if not any(_is_table(entry, name) for entry in ruleset):
        return None
    found = {"masquerade": [], "forwards": [], "unrecognised": []}
    chains = dict(CHAINS)
    key_of_chain = dict((chain, key) for key, chain in CHAIN_OF.items())
    for entry in ruleset:
        chain, rule = entry.get("chain"), entry.get("rule")
        if chain and _in_table(chain, name):
            wanted = chains.pop(chain.get("name"), None)
            if wanted is None or any(chain.get(field) != value for field, value in wanted.items()):
                found["unrecognised"].append("chain %s" % chain.get("name"))
        elif rule and _in_table(rule, name):
            key = key_of_chain.get(rule.get("chain"))
            item = _ours(key, rule.get("expr")) if key else None
            if item is None:
                found["unrecognised"].append("rule in chain %s (handle %s)" % (rule.get("chain"), rule.get("handle")))
            else:
                found[key].append(item)
    found["unrecognised"].extend("missing chain %s" % chain for chain in sorted(chains))
    return found


def _is_table(entry, name):
    table = entry.get("table")
    return isinstance(table, dict) and table.get("family") == FAMILY and table.get("name") == name


def _in_table(obj, name):
    return obj.get("family") == FAMILY and obj.get("table") == name


def owners_of(ruleset):
    """The owners whose tables ``ruleset`` holds."""
    return sorted(entry["table"]["name"][len(TABLE_PREFIX):] for entry in ruleset
                  if isinstance(entry.get("table"), dict) and entry["table"].get("family") == FAMILY
                  and entry["table"].get("name", "").startswith(TABLE_PREFIX))


def dropping_forward_chains(ruleset, name):
    """``table FAMILY NAME chain CHAIN`` of every forward base chain of another table whose policy
    drops: its drop stands whatever our table accepts (every base chain of a hook sees the packet)."""
    return ["table %s %s chain %s" % (chain.get("family"), chain.get("table"), chain.get("name"))
            for chain in (entry.get("chain") for entry in ruleset)
            if chain and chain.get("hook") == "forward" and chain.get("policy") == "drop"
            and not _in_table(chain, name)]
