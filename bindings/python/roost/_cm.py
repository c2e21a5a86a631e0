# SPDX-License-Identifier: GPL-2.0-or-later
"""NEST's cm_default status entries on top of the kernel's list fields.

cm_default (models/include/roost/models/cm_default.hpp) keeps its tree in
list fields: one element per compartment (comp_*), per receptor (rec_*) and
per ring port (cm_ports). NEST's users write and read lists of dicts instead
(``compartments``, ``receptors``, ``add_compartments``, ``add_receptors``);
this module translates both ways, with NEST 3.10's defaults, checks and
messages, for the one kernel class the package uses (``Kernel`` below).
"""

from . import _roost
from .errors import BadProperty, NESTErrors, TypeMismatch, UnknownParameter

_COMP_PARAMS = {"C_m": ("comp_C_m", 1.0), "g_C": ("comp_g_C", 0.01), "g_L": ("comp_g_L", 0.1),
                "e_L": ("comp_e_L", -70.0), "v_comp": ("comp_v_comp", -70.0),
                "gbar_Na": ("comp_gbar_Na", 0.0), "e_Na": ("comp_e_Na", 50.0),
                "gbar_K": ("comp_gbar_K", 0.0), "e_K": ("comp_e_K", -85.0)}
_COMP_STATE = ("comp_m_Na", "comp_h_Na", "comp_n_K")
_TYPES = ("AMPA", "GABA", "NMDA", "AMPA_NMDA")
# Per receptor type: NEST's parameter name -> (list, default).
_REC_PARAMS = {
    "AMPA": {"e_AMPA": ("rec_e_rev", 0.0), "tau_r_AMPA": ("rec_tau_r", 0.2), "tau_d_AMPA": ("rec_tau_d", 3.0)},
    "GABA": {"e_GABA": ("rec_e_rev", -80.0), "tau_r_GABA": ("rec_tau_r", 0.2), "tau_d_GABA": ("rec_tau_d", 10.0)},
    "NMDA": {"e_NMDA": ("rec_e_rev", 0.0), "tau_r_NMDA": ("rec_tau_r", 0.2), "tau_d_NMDA": ("rec_tau_d", 43.0)},
    "AMPA_NMDA": {"e_AMPA_NMDA": ("rec_e_rev", 0.0), "tau_r_AMPA": ("rec_tau_r", 0.2),
                  "tau_d_AMPA": ("rec_tau_d", 3.0), "tau_r_NMDA": ("rec_tau_r_NMDA", 0.2),
                  "tau_d_NMDA": ("rec_tau_d_NMDA", 43.0), "NMDA_ratio": ("rec_NMDA_ratio", 2.0)},
}
_REC_LISTS = ("rec_comp_idx", "rec_type", "rec_e_rev", "rec_tau_r", "rec_tau_d", "rec_tau_r_NMDA",
              "rec_tau_d_NMDA", "rec_NMDA_ratio")
_KEYS = ("compartments", "add_compartments", "receptors", "add_receptors")
_GATES = {"AMPA": ("g_r_AMPA_", "g_d_AMPA_"), "GABA": ("g_r_GABA_", "g_d_GABA_"),
          "NMDA": ("g_r_NMDA_", "g_d_NMDA_"),
          "AMPA_NMDA": ("g_r_AN_AMPA_", "g_d_AN_AMPA_", "g_r_AN_NMDA_", "g_d_AN_NMDA_")}
_UnknownCompartment = NESTErrors.UnknownCompartment


def _is_cm(status):
    return "comp_parent_idx" in status


def _entries(value, key):
    if isinstance(value, dict):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, dict) for v in value):
        return list(value)
    raise BadProperty(f"'{key}' entry could not be identified, provide list of parameter dicts for multiple "
                      f"{key.replace('add_', '')}")


def _check_keys(d, allowed, where):
    extra = sorted(set(d) - set(allowed))
    if extra:
        raise UnknownParameter(f"Unaccessed elements in Unread dictionary entries: , in function {where}:  "
                               + " ".join(extra))


def _add_compartment(lists, entry):
    _check_keys(entry, ("parent_idx", "params"), "cm_default::add_compartment_")
    if "parent_idx" not in entry:
        raise BadProperty("cm_default: a compartment needs 'parent_idx'")
    parent = int(entry["parent_idx"])
    params = dict(entry.get("params", {}))
    _check_keys(params, _COMP_PARAMS, "compartment_params")
    # NEST 3.10 reads e_K only when e_Na is given (and then requires it).
    if "e_K" in params and "e_Na" not in params:
        _check_keys({"e_K": 0}, (), "compartment_params")
    if "e_Na" in params and "e_K" not in params:
        raise NESTErrors.KeyError("cm_default: with 'e_Na' in a compartment's params NEST 3.10 also needs 'e_K'")
    n = len(lists["comp_parent_idx"])
    if parent < 0:
        if n > 0:
            raise _UnknownCompartment("Compartment 0, the root, has already been instantiated.")
    elif parent >= n:
        raise _UnknownCompartment(
            f"Compartment {parent} does not exist in tree, but was specified as a parent compartment.")
    if n == 0 and parent >= 0:
        raise _UnknownCompartment(
            f"Compartment {parent} does not exist in tree, but was specified as a parent compartment.")
    lists["comp_parent_idx"].append(float(parent) if parent >= 0 else -1.0)
    for key, (name, default) in _COMP_PARAMS.items():
        lists[name].append(float(params.get(key, default)))
    for name in _COMP_STATE:
        lists[name].append(0.0)  # set from v_comp at the next Simulate (the model's pre_run)


def _add_receptor(lists, entry):
    _check_keys(entry, ("comp_idx", "receptor_type", "params"), "cm_default::add_receptor_")
    if "comp_idx" not in entry or "receptor_type" not in entry:
        raise BadProperty("cm_default: a receptor needs 'comp_idx' and 'receptor_type'")
    comp = int(entry["comp_idx"])
    rtype = entry["receptor_type"]
    if not isinstance(rtype, str):
        raise TypeMismatch("cm_default: 'receptor_type' of a receptor is a string")
    if rtype not in _REC_PARAMS:
        raise BadProperty(f"cm_default: unknown receptor type '{rtype}' (AMPA, GABA, NMDA or AMPA_NMDA)")
    if not 0 <= comp < len(lists["comp_parent_idx"]):
        raise _UnknownCompartment(f"Compartment {comp} does not exist in tree.")
    params = dict(entry.get("params", {}))
    _check_keys(params, _REC_PARAMS[rtype], "receptor_params")
    values = {"rec_comp_idx": float(comp), "rec_type": float(_TYPES.index(rtype)), "rec_e_rev": 0.0,
              "rec_tau_r": 0.2, "rec_tau_d": 3.0, "rec_tau_r_NMDA": 0.2, "rec_tau_d_NMDA": 43.0,
              "rec_NMDA_ratio": 2.0}
    for key, (name, default) in _REC_PARAMS[rtype].items():
        values[name] = float(params.get(key, default))
    for name in _REC_LISTS:
        lists[name].append(values[name])


def translate_set(status, d, gid=0):
    """The kernel's dict for NEST's dict `d` on a cm_default node with `status`."""
    if not any(key in d for key in _KEYS):
        return d
    names = ["comp_parent_idx", *(n for n, _ in _COMP_PARAMS.values()), *_COMP_STATE, *_REC_LISTS]
    lists = {name: [float(x) for x in status[name]] for name in names}
    if "compartments" in d:
        if lists["comp_parent_idx"]:
            raise BadProperty(f"Setting status of a 'cm_default' with node ID {gid}: "
                              "'compartments' is already defined for this model")
    for key in ("compartments", "add_compartments"):
        if key in d:
            for entry in _entries(d[key], key):
                _add_compartment(lists, entry)
    if "receptors" in d and lists["rec_comp_idx"]:
        raise BadProperty(f"Setting status of a 'cm_default' with node ID {gid}: "
                          "'receptors' is already defined for this model")
    for key in ("receptors", "add_receptors"):
        if key in d:
            for entry in _entries(d[key], key):
                _add_receptor(lists, entry)
    out = {k: v for k, v in d.items() if k not in _KEYS}
    out.update(lists)
    out["cm_ports"] = [0.0] * (2 * max(len(lists["comp_parent_idx"]), len(lists["rec_comp_idx"])))
    return out


def translate_get(status):
    """NEST's view of a cm_default status: compartments and receptors as dicts."""
    if not _is_cm(status):
        return status
    parents = [int(p) for p in status["comp_parent_idx"]]
    comps = [int(c) for c in status["rec_comp_idx"]]
    types = [_TYPES[int(t)] for t in status["rec_type"]]
    out = {k: v for k, v in status.items()
           if not (k.startswith("comp_") or k.startswith("rec_") or k == "cm_ports")}
    out["compartments"] = [{"comp_idx": k, "parent_idx": p} for k, p in enumerate(parents)]
    order = sorted(range(len(comps)), key=lambda r: (comps[r], _TYPES.index(types[r]), r))
    out["receptors"] = [{"comp_idx": comps[r], "receptor_idx": r, "receptor_type": types[r]} for r in order]
    if "recordables" in status:
        keep = {f"{g}{r}" for r in range(len(types)) for g in _GATES[types[r]]}
        gates = {g for gs in _GATES.values() for g in gs}
        out["recordables"] = sorted(
            name for name in status["recordables"]
            if name in keep or not any(name.startswith(g) and name[len(g):].isdigit() for g in gates))
    return out


class Kernel(_roost.Kernel):
    """The compiled kernel, with cm_default's list-of-dict entries translated."""

    def set_status(self, gid, d, *args, **kwargs):
        if isinstance(d, dict) and any(key in d for key in _KEYS):
            status = super().get_status(gid)
            if not _is_cm(status):
                bad = next(key for key in _KEYS if key in d)
                raise UnknownParameter(f"'{bad}' is not a parameter of model {status.get('model')}")
            d = translate_set(status, d, gid)
        return super().set_status(gid, d, *args, **kwargs)

    def get_status(self, *args, **kwargs):
        status = super().get_status(*args, **kwargs)
        return translate_get(status) if isinstance(status, dict) else status

    def get_defaults(self, *args, **kwargs):
        defaults = super().get_defaults(*args, **kwargs)
        return translate_get(defaults) if isinstance(defaults, dict) else defaults
