#!/usr/bin/env python3
"""Test stand-in for Proxmox VE's pvesh, pveum and pvesm (called by that name through a symlink).

It keeps the cluster's state in $FAKE_PVE/state.json, answers the reads proxmox.yml makes with
the JSON shapes Proxmox VE prints (--output-format json), and appends every change it is asked
for to $FAKE_PVE/changes.log, one line each.
"""
import json
import os
import sys

home = os.environ["FAKE_PVE"]
state_file = os.path.join(home, "state.json")
with open(state_file) as f:
    state = json.load(f)
tool = os.path.basename(sys.argv[0])
args = [a for a in sys.argv[1:] if a not in ("--output-format", "json")]


def opt(name):
    return args[args.index(name) + 1]


def change(line):
    with open(os.path.join(home, "changes.log"), "a") as f:
        f.write(line + "\n")
    with open(state_file, "w") as f:
        json.dump(state, f)


def out(value):
    print(json.dumps(value))


if tool == "pvesh" and args[0] == "get":
    path = args[1].strip("/").split("/")
    if path == ["version"]:
        out({"version": state["version"], "release": state["version"].rsplit(".", 1)[0]})
    elif path == ["nodes"]:
        out([{"node": n, "status": "online"} for n in state["nodes"]])
    elif path[0] == "storage":
        out({"storage": path[1], "type": "dir", "content": state["storage"][path[1]]})
    elif path == ["access", "roles"]:
        out([{"roleid": r, "privs": p, "special": 0} for r, p in sorted(state["roles"].items())])
    elif path == ["access", "users"]:
        out([{"userid": u, "enable": 1} for u in sorted(state["users"])])
    elif path == ["access", "acl"]:
        out(state["acl"])
    elif path[:2] == ["access", "users"] and path[3] == "token":
        out([{"tokenid": t, "privsep": 0} for t in sorted(state["users"][path[2]])])
    else:
        sys.exit("fake pvesh: no such path " + args[1])
elif tool == "pvesm" and args[0] == "set":
    state["storage"][args[1]] = opt("--content")
    change("pvesm set %s --content %s" % (args[1], opt("--content")))
elif tool == "pveum" and args[0] == "role":
    state["roles"][args[2]] = opt("--privs")
    change("pveum role %s %s" % (args[1], args[2]))
elif tool == "pveum" and args[:2] == ["user", "add"]:
    state["users"][args[2]] = []
    change("pveum user add " + args[2])
elif tool == "pveum" and args[:2] == ["acl", "modify"]:
    state["acl"].append({"path": args[2], "type": "user", "ugid": opt("--users"), "roleid": opt("--roles"), "propagate": 1})
    change("pveum acl modify %s %s %s" % (args[2], opt("--users"), opt("--roles")))
elif tool == "pveum" and args[:3] == ["user", "token", "add"]:
    state["users"][args[3]].append(args[4])
    change("pveum user token add %s %s privsep=%s" % (args[3], args[4], opt("--privsep")))
    out({"full-tokenid": "%s!%s" % (args[3], args[4]), "info": {"privsep": opt("--privsep")}, "value": state["secret"]})
elif tool == "pveum" and args[:3] == ["user", "token", "remove"]:
    state["users"][args[3]].remove(args[4])
    change("pveum user token remove %s %s" % (args[3], args[4]))
elif tool == "ifreload":
    change("ifreload " + " ".join(args))
else:
    sys.exit("fake %s: unexpected %s" % (tool, args))
