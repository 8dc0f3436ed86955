"""Deterministic person-level demo data: the participants of a few regencies month by month, the funding
records of the budgets that pay some of them, and a poverty list (DTSEN) to match against them.

The people of a regency add up, month by month, segment by segment, to the demo's own participation
figures of that regency (`participation.csv`), so a page read from the person store and one read from the
aggregate figures agree. Between months people lapse and come back, join and leave; budgets pay some of
them for a number of months ("1 desa 100 pekerja rentan": a village budget, APBDes, pays a hundred or so
vulnerable workers of a village; a regency budget pays a few in many villages), and when the funded months
end some go on paying for themselves while the others lapse.

Pure Python (stdlib, pyarrow and ``lokal``); no Django. Same arguments give byte-identical files: every
random draw comes from a ``random.Random`` seeded with ``zlib.crc32`` of the seed and what it is for.
The hashes stand for keyed NIK hashes; no NIK is ever made up.
"""

from __future__ import annotations

import csv
import hashlib
import random
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from lokal import wilayah

PARTICIPANTS_FILE = "participants.parquet"
FUNDING_FILE = "vulnerable_funding.csv"
POVERTY_FILE = "poverty_list.csv"

# Ende and Rote Ndao (NTT): two regencies of the province the meetings of the sources monitor, which no
# other part of the demo looks at village by village.
REGENCIES = ("53.08", "53.14")
MONTHS = 13  # the last month and the 12 before it: a cohort followed 1, 3, 6 and 12 months
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
PROGRAMS = {"PU": "JKK;JKM;JHT;JP", "BPU": "JKK;JKM", "JAKON": "JKK;JKM", "PMI": "JKK;JKM;JHT"}
# Sections of KBLI 2020 (or a 5-digit code of one) by segment, with weights; migrant workers work abroad.
KBLI = {
    "PU": (("C", 14), ("G", 18), ("H", 8), ("I", 8), ("O", 12), ("P", 16), ("Q", 9), ("K", 5), ("47111", 10)),
    "BPU": (("A", 34), ("01111", 12), ("G", 20), ("C", 10), ("I", 8), ("H", 6), ("S", 6), ("03111", 4)),
    "JAKON": (("F", 90), ("41011", 10)),
    "PMI": ((None, 1),),
}
# The same draws with the weights summed once: `choices(cum_weights=…)` picks as `choices(weights)` does.
_KBLI_CUMULATIVE = {
    segment: (tuple(c for c, _ in pairs), list(accumulate(w for _, w in pairs)))
    for segment, pairs in KBLI.items()
}
BUDGET = ("APBD_PROVINSI", "APBD_KABKOTA", "APBDES", "CSR", "OTHER")
LAPSE, RETURN, LATE = 0.012, 0.02, 0.03  # a month: active → inactive, inactive → active, funded paid late
KEEP_PAYING = 0.45  # of the workers whose funded months end, those who go on paying for themselves
IDR_A_MONTH = 16_800  # JKK + JKM, the minimum BPU contribution


def _rng(seed: int, *parts: str) -> random.Random:
    key = ":".join((str(seed), *parts)).encode("utf-8")
    return random.Random(zlib.crc32(key))  # noqa: S311 - demo data, not security relevant


def _number(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _period(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


@dataclass(frozen=True)
class Program:
    """Workers a budget pays from `start` for `months` months, in `villages` (`per_village` each)."""

    regency: str
    funder: str
    start: int  # month number
    months: int
    villages: tuple[str, ...]
    per_village: tuple[int, ...]
    region_code: str  # where the funding record is kept: the village (APBDes) or the regency

    @property
    def until(self) -> int:
        return self.start + self.months - 1

    @property
    def workers(self) -> int:
        return sum(self.per_village)


@dataclass(frozen=True)
class PeopleFiles:
    participants: Path
    funding: Path
    poverty: Path
    months: tuple[str, ...]
    regencies: tuple[str, ...]
    rows: int


@dataclass
class _People:
    """Everyone who was ever in a regency's file, by number."""

    seed: int
    regency: str
    villages: list[str]
    weights: list[float]
    cumulative: list[float] = field(default_factory=list)  # the weights summed once, for every draw
    hashes: list[str] = field(default_factory=list)  # each person's, made once
    village: list[str] = field(default_factory=list)
    segment: list[str] = field(default_factory=list)
    active: list[bool] = field(default_factory=list)
    last_paid: list[str | None] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)
    funder: list[str | None] = field(default_factory=list)
    until: list[int] = field(default_factory=list)
    kbli: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cumulative = list(accumulate(self.weights))

    def add(self, rng: random.Random, *, segment: str, month: int, active: bool, village: str = "") -> int:
        number = len(self.village)
        self.village.append(village or rng.choices(self.villages, cum_weights=self.cumulative)[0])
        self.hashes.append(self.hash(number))
        self.segment.append(segment)
        self.active.append(active)
        choices, cumulative = _KBLI_CUMULATIVE[segment]
        self.kbli.append(rng.choices(choices, cum_weights=cumulative)[0])
        self.funder.append(("EMPLOYER" if segment in ("PU", "JAKON") else "SELF") if active else None)
        self.until.append(-1)
        if active:
            self.registered.append(_period(month))
            self.last_paid.append(_period(month))
        else:  # registered some time ago, paid last some months ago (or the file does not say)
            since = rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30))
            self.registered.append(_period(month - since - rng.randint(0, 36)))
            self.last_paid.append(None if rng.random() < 0.1 else _period(month - since))
        return number

    def hash(self, number: int) -> str:
        return hashlib.sha256(f"cakupan-demo:{self.seed}:{self.regency}:{number}".encode()).hexdigest()


def _villages(regency: str) -> list[str]:
    return sorted(
        str(v.code)
        for district in wilayah.list_wilayah(regency)
        for v in wilayah.list_wilayah(str(district.code))
    )


def _targets(
    participation: Path, months: list[str], regencies: tuple[str, ...]
) -> dict[tuple[str, str, str, str], int]:
    """(regency, month, segment, status) → participants, from the demo's participation file."""
    wanted = set(months)
    found: dict[tuple[str, str, str, str], int] = {}
    with participation.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        at = {name: i for i, name in enumerate(next(rows))}
        code, period, segment, status = (at[k] for k in ("region_code", "period", "segment", "status"))
        count = at["participants"]
        for row in rows:
            if row[code] in regencies and row[period] in wanted:
                found[row[code], row[period], row[segment], row[status]] = int(row[count])
    return found


def programs_for(regency: str, villages: list[str], first: int, seed: int, *, room: int) -> list[Program]:
    """The budgets of a regency: a regency budget that ends in the first month (the cohort the pages follow
    by default), village budgets of about a hundred workers a village, one batch running through most of
    the year and one starting half way, and a small CSR programme. At no month do they pay for more than
    `room` workers (the fewest active non-wage earners of a month, less a margin), so the people still
    add up to the demo's figures."""
    rng = _rng(seed, "programs", regency)
    half = room // 2
    first_batch, second_batch = min(8, half // 128), min(6, half // 128)
    chosen = rng.sample(villages, min(len(villages), first_batch + second_batch))
    spread = rng.sample(villages, min(40, len(villages), half // 14))
    programs = [
        Program(
            regency,
            "APBD_KABKOTA",
            first - 5,
            6,
            tuple(spread),
            tuple(rng.randint(6, 14) for _ in spread),
            regency,
        ),
    ]
    for index, village in enumerate(chosen):
        start = first - 3 if index < first_batch else first + 6
        size = rng.randint(92, 128)
        programs.append(Program(regency, "APBDES", start, 12, (village,), (size,), village))
    csr = tuple(spread[:5])
    programs.append(Program(regency, "CSR", first + 2, 6, csr, tuple(8 for _ in csr), regency))
    return [p for p in programs if p.villages]


def _month(
    people: _People,
    present: list[int],
    rng: random.Random,
    month: int,
    programs: list[Program],
    targets: dict[tuple[str, str], int],
) -> list[int]:
    """Who is in the regency's file of `month`, starting from the month before's, matched to the targets."""
    budget = set(BUDGET)
    for n in present:
        if people.funder[n] in budget:
            if people.until[n] < month:  # the funded months have ended
                if rng.random() < KEEP_PAYING:
                    people.funder[n], people.active[n] = "SELF", True
                else:
                    people.funder[n], people.active[n] = None, False
            else:
                people.active[n] = rng.random() >= LATE
        elif people.active[n]:
            if rng.random() < LAPSE:
                people.active[n] = False
        elif rng.random() < RETURN:
            people.active[n] = True
            people.funder[n] = "EMPLOYER" if people.segment[n] in ("PU", "JAKON") else "SELF"
    here = set(present)
    for program in programs:
        if program.start != month:
            continue
        for village, size in zip(program.villages, program.per_village, strict=True):
            idle = [
                n
                for n in present
                if people.village[n] == village and people.segment[n] == "BPU" and not people.active[n]
            ]
            taken = idle[:size]
            while len(taken) < size:
                taken.append(people.add(rng, segment="BPU", month=month, active=True, village=village))
            for n in taken:
                people.active[n], people.funder[n], people.until[n] = True, program.funder, program.until
                here.add(n)
    for segment in SEGMENTS:
        mine = [n for n in here if people.segment[n] == segment]
        active = [n for n in mine if people.active[n]]
        want = targets.get((segment, "active"), 0)
        if len(active) > want:
            free = sorted(n for n in active if people.funder[n] not in budget)
            for n in rng.sample(free, min(len(free), len(active) - want)):
                people.active[n] = False
        while len(active) < want:
            n = people.add(rng, segment=segment, month=month, active=True)
            here.add(n)
            active.append(n)
        inactive = [n for n in here if people.segment[n] == segment and not people.active[n]]
        want = targets.get((segment, "inactive"), 0)
        if len(inactive) > want:
            free = sorted(n for n in inactive if people.funder[n] not in budget)
            here.difference_update(rng.sample(free, min(len(free), len(inactive) - want)))
        while len(inactive) < want:
            n = people.add(rng, segment=segment, month=month, active=False)
            here.add(n)
            inactive.append(n)
    paid = _period(month)
    for n in here:
        if people.active[n]:
            people.last_paid[n] = paid
    return sorted(here)


def _month_rows(
    columns: dict[str, list[str | None]], people: _People, present: list[int], period: str
) -> None:
    """The rows of a month's file, a column at a time (half a million rows for the demo)."""
    segment, active = people.segment, people.active
    columns["nik_hash"] += [people.hashes[n] for n in present]
    columns["region_code"] += [people.village[n] for n in present]
    columns["period"] += [period] * len(present)
    columns["segment"] += [segment[n] for n in present]
    columns["status"] += ["active" if active[n] else "inactive" for n in present]
    columns["programs"] += [PROGRAMS[segment[n]] for n in present]
    columns["last_paid_period"] += [people.last_paid[n] for n in present]
    columns["registered_period"] += [people.registered[n] for n in present]
    columns["funded_by"] += [people.funder[n] for n in present]
    columns["kbli"] += [people.kbli[n] for n in present]


def _program_rows(programs: Iterable[Program]) -> list[list[str]]:
    rows = []
    for p in programs:
        start = _period(p.start)
        amount = p.workers * p.months * IDR_A_MONTH
        rows.append([p.region_code, start[:4], p.funder, str(p.workers), str(p.months), str(amount), start])
    return rows


def generate_people_files(
    out_dir: Path,
    *,
    participation: Path,
    end_period: str,
    months: int = MONTHS,
    regencies: tuple[str, ...] = REGENCIES,
    seed: int = 2021,
) -> PeopleFiles:
    """Write the participants (Parquet), the funding records and a poverty list of `regencies` for the
    `months` months up to `end_period`, matched to the demo's `participation` file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    last = _number(end_period)
    numbers = list(range(last - months + 1, last + 1))
    periods = [_period(n) for n in numbers]
    targets = _targets(participation, periods, regencies)
    columns: dict[str, list[str | None]] = defaultdict(list)
    all_programs: list[Program] = []
    poverty: list[list[str]] = []
    for regency in regencies:
        villages = _villages(regency)
        rng = _rng(seed, "people", regency)
        people = _People(seed, regency, villages, [rng.lognormvariate(0, 0.8) for _ in villages])
        room = min(targets.get((regency, period, "BPU", "active"), 0) for period in periods) * 3 // 5
        programs = programs_for(regency, villages, numbers[0], seed, room=room)
        all_programs += programs
        present: list[int] = []
        for index, month in enumerate(numbers):
            wanted = {
                (s, st): targets.get((regency, periods[index], s, st), 0)
                for s in SEGMENTS
                for st in ("active", "inactive")
            }
            if index == 0:  # the budgets already paying in the first month start then
                started = [
                    Program(
                        p.regency,
                        p.funder,
                        month,
                        p.until - month + 1,
                        p.villages,
                        p.per_village,
                        p.region_code,
                    )
                    for p in programs
                    if p.start <= month <= p.until
                ]
                present = _month(people, present, rng, month, started, wanted)
            else:
                present = _month(people, present, rng, month, programs, wanted)
            _month_rows(columns, people, present, periods[index])
        poverty += _poverty_rows(people, present, _rng(seed, "poverty", regency), end_period)
    participants = out_dir / PARTICIPANTS_FILE
    table = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
    pq.write_table(table, participants, compression="zstd")
    funding = out_dir / FUNDING_FILE
    _write_csv(
        funding,
        ["region_code", "year", "funder", "workers", "months", "amount_idr", "start_period"],
        _program_rows(all_programs),
    )
    poverty_path = out_dir / POVERTY_FILE
    _write_csv(
        poverty_path, ["nik_hash", "region_code", "desil", "list", "period", "age", "working"], poverty
    )
    return PeopleFiles(participants, funding, poverty_path, tuple(periods), regencies, table.num_rows)


def _poverty_rows(people: _People, present: list[int], rng: random.Random, period: str) -> list[list[str]]:
    """A DTSEN extract of the regency: about a third of its participants of the month (more of the
    non-wage and budget-funded workers, in the lower deciles) and as many people who are no participant
    (children and the elderly among them), with decile, age and whether they work."""
    rows: list[list[str]] = []
    for n in present:
        poor = people.segment[n] == "BPU" or people.funder[n] in BUDGET
        if rng.random() >= (0.55 if poor else 0.2):
            continue
        decile = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)) if poor else rng.randint(3, 10)
        age = rng.randint(18, 60)
        rows.append([people.hashes[n], people.village[n], str(decile), "DTSEN", period, str(age), "ya"])
    for m in range(len(rows)):
        nik = hashlib.sha256(f"cakupan-demo-dtsen:{people.seed}:{people.regency}:{m}".encode()).hexdigest()
        age = rng.choice((rng.randint(0, 14), rng.randint(15, 64), rng.randint(15, 64), rng.randint(65, 85)))
        works = "ya" if 15 <= age < 65 and rng.random() < 0.7 else "tidak"
        decile = rng.choice((1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8))
        village = rng.choices(people.villages, cum_weights=people.cumulative)[0]
        rows.append([nik, village, str(decile), "DTSEN", period, str(age), works])
    return rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
