#!/usr/bin/python3
"""k8s_crd.py CRD.yaml OBJ.yaml...: check SeccompProfile objects as the
Kubernetes API server would admit them into the security-profiles-operator's
CRD, and as its Go types (api/seccompprofile/v1) would decode them:

 - apiVersion is the CRD's group and a served version, kind matches,
   metadata.name is a DNS-1123 subdomain;
 - the object validates against that version's openAPIV3Schema (JSON Schema
   draft 7 with python3-jsonschema), numbers as the API server reads them:
   an integer outside int64 becomes a float64 (apimachinery's
   convertNumber), which is no longer an integer once above 2^53 - 1
   (kube-openapi); format int32/int64 checked as ranges;
 - Go: index fits *int32, value/valueTwo int64, errnoRet int32.

Prints one line per object, VALID or the errors; exits 1 if any is invalid.
"""
import re
import sys

import jsonschema
import yaml

I64 = (-2**63, 2**63 - 1)
I32 = (-2**31, 2**31 - 1)


def apiserver_numbers(o):
    if isinstance(o, dict):
        return {k: apiserver_numbers(v) for k, v in o.items()}
    if isinstance(o, list):
        return [apiserver_numbers(v) for v in o]
    if isinstance(o, int) and not isinstance(o, bool) and \
            not I64[0] <= o <= I64[1]:
        return float(o)
    return o


def is_integer(checker, x):
    if isinstance(x, bool):
        return False
    if isinstance(x, int):
        return True
    return isinstance(x, float) and x.is_integer() and abs(x) <= 2**53 - 1


def go_errors(obj):
    errs = []
    for i, sc in enumerate((obj.get("spec") or {}).get("syscalls") or []):
        if "errnoRet" in sc and not I32[0] <= sc["errnoRet"] <= I32[1]:
            errs.append(f"go: syscalls[{i}].errnoRet overflows int32")
        for j, a in enumerate(sc.get("args") or []):
            for key, (lo, hi) in (("index", I32), ("value", I64),
                                  ("valueTwo", I64)):
                v = a.get(key, 0)
                if not isinstance(v, int) or not lo <= v <= hi:
                    errs.append(f"go: syscalls[{i}].args[{j}].{key} {v} "
                                f"does not fit its Go type")
    return errs


def main():
    crd = yaml.safe_load(open(sys.argv[1]))
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"]
    versions = {v["name"]: v for v in crd["spec"]["versions"]}
    fc = jsonschema.FormatChecker()
    fc.checks("int64")(lambda x: not isinstance(x, int) or
                       I64[0] <= x <= I64[1])
    fc.checks("int32")(lambda x: not isinstance(x, int) or
                       I32[0] <= x <= I32[1])
    tc = jsonschema.Draft7Validator.TYPE_CHECKER.redefine("integer",
                                                          is_integer)
    validator = jsonschema.validators.extend(jsonschema.Draft7Validator,
                                             type_checker=tc)
    rc = 0
    for path in sys.argv[2:]:
        for obj in yaml.safe_load_all(open(path)):
            if not obj:
                continue
            errs = []
            g, _, v = str(obj.get("apiVersion", "")).partition("/")
            if g != group:
                errs.append(f"apiVersion group {g!r} is not {group!r}")
            if v not in versions or not versions[v].get("served"):
                errs.append(f"version {v!r} is not served")
            if versions.get(v, {}).get("deprecated"):
                errs.append(f"version {v!r} is deprecated")
            if obj.get("kind") != kind:
                errs.append(f"kind {obj.get('kind')!r} is not {kind!r}")
            name = (obj.get("metadata") or {}).get("name", "")
            if len(name) > 253 or not re.fullmatch(
                    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
                    r"(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", name):
                errs.append(f"metadata.name {name!r} is not a DNS-1123 "
                            "subdomain")
            if v in versions:
                schema = versions[v]["schema"]["openAPIV3Schema"]
                val = validator(schema, format_checker=fc)
                for e in sorted(val.iter_errors(apiserver_numbers(obj)),
                                key=lambda e: list(e.absolute_path)):
                    errs.append(".".join(str(p) for p in e.absolute_path) +
                                ": " + e.message[:160])
            errs += go_errors(obj)
            print(f"{path}: {kind}/{name}: " +
                  ("VALID" if not errs else f"{len(errs)} error(s)"))
            for e in errs[:10]:
                print("   ", e)
            rc |= bool(errs)
    return rc


if __name__ == "__main__":
    sys.exit(main())
