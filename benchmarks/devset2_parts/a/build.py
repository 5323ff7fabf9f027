# Builds catalog.yaml, labels.jsonl and items/*.txt of this part from raw/ and the label table below,
# then checks: items are substrings of their raw file after punctuation normalisation, 15-80 chars,
# every duty reference exists. Run: python3 build.py
import json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"

FW = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}


def norm(s: str) -> str:
    """Dev-set normalisation: ASCII punctuation to full-width, drop a stray space after punctuation."""
    for a, b in FW.items():
        s = s.replace(a, b)
    s = re.sub(r"([，：；（）？！。、])[ \u3000]+", r"\1", s)
    return s


def norm_join(s: str) -> str:
    # for the substring check also join lines (PDF-style line breaks inside sentences)
    return norm(s).replace("\r", "").replace("\n", "")


def raw_body(name):
    txt = (RAW / name).read_text(encoding="utf-8")
    # skip the two header lines (source:, title:)
    return "\n".join(txt.split("\n")[3:])


# ---------------------------------------------------------------- catalog
CN = "一二三四五六七八九十"


def cn2int(s):
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN.index(s[1]) + 1
    if s.endswith("十"):
        return (CN.index(s[0]) + 1) * 10
    if "十" in s:
        a, b = s.split("十")
        return (CN.index(a) + 1) * 10 + CN.index(b) + 1
    return CN.index(s) + 1


def duties_paren(name, keep):
    out = {}
    for line in norm(raw_body(name)).split("\n"):
        m = re.match(r"\s*（([一二三四五六七八九十]+)）(.+)$", line.strip())
        if m:
            n = cn2int(m.group(1))
            if n in keep:
                out[n] = m.group(2).strip()
    assert sorted(out) == sorted(keep), (name, sorted(out))
    return out


def duties_arabic(name, keep, sep):
    out = {}
    for line in norm(raw_body(name)).split("\n"):
        m = re.match(r"\s*(\d+)" + re.escape(sep) + r"(.+)$", line.strip())
        if m and int(m.group(1)) in keep:
            out[int(m.group(1))] = m.group(2).strip()
    assert sorted(out) == sorted(keep), (name, sorted(out))
    return out


DEPTS = [
    dict(
        code="zzty_jiaotong",
        name="株洲市天元区交通运输局",
        short="交通运输局",
        partial=False,
        duties=duties_paren("zhuzhou_tianyuan_jiaotong_duties.txt", list(range(1, 12))),
    ),
    dict(
        code="kz_ziran",
        name="重庆市开州区规划和自然资源局",
        short="规划和自然资源局",
        partial=True,
        duties=duties_arabic("kaizhou_ziran_juesuan_2022_duties.txt", [1, 2, 3, 4, 5], "."),
    ),
    dict(
        code="dy_renshe",
        name="大冶市人力资源和社会保障局",
        short="人社局",
        partial=True,
        duties=duties_arabic("daye_renshe_budget_2025_duties.txt", list(range(1, 9)), "、"),
    ),
    dict(
        code="zh_yibao",
        name="宁波市镇海区医疗保障局",
        short="医保局",
        partial=False,
        duties=duties_paren("zhenhai_yibao_budget_2020_duties.txt", list(range(1, 9))),
    ),
]

HEADER = """# 第二开发集(部分 a)职责目录 — real published duty texts, punctuation normalised to full-width (，：；（）).
# Kinds: zzty_jiaotong = 交通运输; kz_ziran = 自然资源(和规划); dy_renshe = 人力资源社会保障; zh_yibao = 医疗保障.
# Plans of kind 住房城乡建设 and 卫生健康 have no department here (their `as` is the plan code): their own-field
# items are out_of_scope, items whose substance is a catalog duty are overlap.
# Sources (see README.md): 天元区交通运输局 机构简介 (complete, 11 duties); 开州区规划和自然资源局 2022 决算公开
# (duties 1-5 kept, cut in 6 -> partial); 大冶市人社局 2025 预算公开 (duties 1-8 kept, cut in 9 -> partial; its
# duty 1 says 人力资源和社会保障(不含医疗保障)); 镇海区医保局 2020 预算公开 ((一)-(八) complete; the numbered
# (九)职能转变 is not a duty and is cut, so it is left out).
# Status: every duty is `active`. None of the four texts lists 取消/划出/下放 items, and no duty is clearly outdated,
# so no duty was marked cancelled/transferred and this part has no `retired` labels. Work that moved between these
# departments (医疗保险 from 人社 to 医保 in 2018-2019; 长期护理保险) is labelled `overlap` with the 医保 duty.
"""


def yq(s):
    return json.dumps(s, ensure_ascii=False)


def write_catalog():
    lines = [HEADER.rstrip("\n"), "departments:"]
    for d in DEPTS:
        lines += [
            f"  - code: {d['code']}",
            f"    name: {d['name']}",
            f"    short: {d['short']}",
            f"    partial: {'true' if d['partial'] else 'false'}",
            "    duties:",
        ]
        for n, t in sorted(d["duties"].items()):
            lines += [f"      - n: {n}", f"        text: {yq(t)}", "        status: active"]
    (HERE / "catalog.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- labels
# (plan, as, source, field, plan department) then items: (item, expect, duty, why[, internal])
PLANS = []


def P(plan, as_, source, field, dept, items):
    PLANS.append(dict(plan=plan, as_=as_, source=source, field=field, dept=dept, items=items))


I = "in_scope"
O = "overlap"
X = "out_of_scope"
R = "retired"
T = "zzty_jiaotong"
Z = "kz_ziran"
S = "dy_renshe"
Y = "zh_yibao"

exec((HERE / "labels_table.py").read_text(encoding="utf-8"))


def main():
    write_catalog()
    duty_ids = {f"{d['code']}.{n}" for d in DEPTS for n in d["duties"]}
    codes = {d["code"] for d in DEPTS}
    errors = []
    labels = []
    items_dir = HERE / "items"
    items_dir.mkdir(exist_ok=True)
    for f in items_dir.glob("*.txt"):
        f.unlink()
    seen = set()
    for p in PLANS:
        raw = norm_join(raw_body(p["source"]))
        lines = []
        for it in p["items"]:
            item, expect, duty, why = it[:4]
            internal = len(it) > 4 and it[4]
            if not (15 <= len(item) <= 80):
                errors.append(f"length {len(item)}: {item}")
            if item not in raw:
                errors.append(f"not in {p['source']}: {item}")
            if (p["plan"], item) in seen:
                errors.append(f"duplicate: {item}")
            seen.add((p["plan"], item))
            if expect == X:
                if duty is not None:
                    errors.append(f"out_of_scope with duty: {item}")
            else:
                if duty not in duty_ids:
                    errors.append(f"unknown duty {duty}: {item}")
                own = duty.split(".")[0] == p["as_"]
                if expect in (I, R) and not own:
                    errors.append(f"{expect} but duty of other dept: {item}")
                if expect == O and own:
                    errors.append(f"overlap with own duty: {item}")
            if p["as_"] in codes and p["as_"] != p["plan"]:
                pass
            rec = {
                "plan": p["plan"],
                "as": p["as_"],
                "item": item,
                "expect": expect,
                "duty": duty,
                "source": p["source"],
                "why": why,
                "field": p["field"],
            }
            if internal:
                rec["internal"] = True
            labels.append(rec)
            lines.append(item)
        with open(items_dir / f"{p['plan']}.txt", "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    with open(HERE / "labels.jsonl", "w", encoding="utf-8") as fh:
        for r in labels:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    for e in errors:
        print("ERROR", e)
    from collections import Counter

    c = Counter(r["expect"] for r in labels)
    print(len(labels), dict(c), "internal", sum(1 for r in labels if r.get("internal")))
    print(Counter(r["field"] for r in labels))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
