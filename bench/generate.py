#!/usr/bin/env python3
"""Seeded generator of a synthetic national infrastructure for Rampart benchmarks.

Usage:
    python3 bench/generate.py --size S|M|L|<int> --seed 1 --out DIR

Writes four CSV files into DIR:
    assets.csv           id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h,
                         kind,occupancy,replacement_cost
    dependencies.csv     dependent,provider,kind,strength,delay_h,group
    threats.csv          id,name,modality,likelihood
    vulnerabilities.csv  asset,threat,v

The model (all of it fictional):
  * A rectangular country is split into regions laid out on a jittered grid. Each
    region has a handful of towns; "urban" asset kinds cluster around towns, "rural"
    kinds (power stations, treatment works, road structures, ...) spread over the region.
  * Every asset kind has a table of dependency rules (which provider kind, how likely,
    how many providers, redundancy group, dependency kind, strength and delay ranges).
    Providers are picked among the few nearest candidates of the required kind, within
    the dependent's own region for regional services and anywhere for national ones,
    with a strong preference for the closest. The graph therefore has geographic locality.
  * Power flows generation -> transmission -> distribution -> everyone else; water flows
    treatment -> pumping -> consumers; ICT flows data centres -> exchanges -> base
    stations -> ICT-dependent assets. Grid control depends on telecoms while telecoms
    depend on power, so the graph contains cycles.
  * Optional "coverage" rules (fire/police cover, road access, ...) are scaled so that the
    average number of dependencies per asset lands near --avg-degree (default 4.5).

Everything is vectorised with numpy; the output is a pure function of (size, seed,
avg-degree).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.dtypes import StringDType
from scipy.spatial import cKDTree

GENERATOR_VERSION = "1"

SIZES = {"S": 1_000, "M": 100_000, "L": 1_000_000}
MIN_ASSETS = 200

ASSET_HEADER = ("id,name,sector,lat,lon,population,economic_value,mtpd_h,recovery_h,"
                "kind,occupancy,replacement_cost")
DEP_HEADER = "dependent,provider,kind,strength,delay_h,group"
THREAT_HEADER = "id,name,modality,likelihood"
VULN_HEADER = "asset,threat,v"

SECTORS = ["energy", "water", "ict", "transport", "health", "finance", "food",
           "government", "chemical", "public-spaces", "emergency-services"]
SECTOR_CODE = {"energy": "en", "water": "wa", "ict": "ic", "transport": "tr",
               "health": "he", "finance": "fi", "food": "fo", "government": "go",
               "chemical": "ch", "public-spaces": "ps", "emergency-services": "es"}

DEP_KINDS = ["physical", "cyber", "geographic", "logical"]
GROUPS = ["", "grid", "telecom", "core", "supply"]

# Fictional country: bounding box in degrees and the reference point for projection.
LAT0, LAT1, LON0, LON1 = 44.0, 56.0, -2.0, 14.0
KM_PER_DEG = 111.2
REF_LAT = 0.5 * (LAT0 + LAT1)
REF_LON = 0.5 * (LON0 + LON1)
KM_PER_DEG_LON = KM_PER_DEG * math.cos(math.radians(REF_LAT))
REGION_AXIS_KM = 1.0e6   # separates regions in the third KD-tree coordinate


# --------------------------------------------------------------------------------------
# Asset kinds
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    code: str            # e.g. "en-gen"; ids are "<code>-<number>"
    sector: str
    kind: str            # value of the `kind` column
    label: str           # used in names
    share: float         # relative share of all assets (normalised later)
    place: str           # "urban" (near towns) or "rural" (spread over the region)
    scope: str           # "region": providers looked up in the same region; "national"
    min_region: int      # at least this many per region
    min_total: int       # at least this many overall
    population: float    # median people served
    econ: float          # median economic value per day of outage
    mtpd: tuple          # (lo, hi) hours
    recovery: tuple      # (lo, hi) hours
    occupancy: float     # median people on site at peak
    replacement: float   # median replacement cost
    vuln_p: float = 0.03  # probability of carrying vulnerability records


def _k(code, sector, kind, label, share, place, scope, min_region, min_total,
       pop, econ, mtpd, rec, occ, repl, vuln_p=0.03):
    return Kind(code, sector, kind, label, share, place, scope, min_region, min_total,
                pop, econ, mtpd, rec, occ, repl, vuln_p)


KINDS = [
    # energy
    _k("en-gen", "energy", "generation", "Power station", .0015, "rural", "national", 0, 3,
       400e3, 2e6, (2, 24), (72, 2160), 150, 500e6, .6),
    _k("en-tx", "energy", "transmission-substation", "Transmission substation", .008, "rural",
       "region", 2, 0, 120e3, 400e3, (1, 12), (48, 720), 2, 30e6, .3),
    _k("en-dx", "energy", "distribution-substation", "Distribution substation", .055, "urban",
       "region", 3, 0, 6e3, 40e3, (2, 24), (8, 168), .5, 2e6),
    _k("en-ctl", "energy", "grid-control", "Grid control centre", .0003, "urban", "region", 1, 0,
       1.5e6, 1e6, (.5, 4), (24, 336), 60, 40e6, .8),
    _k("en-fuel", "energy", "fuel-depot", "Fuel depot", .003, "rural", "region", 1, 0,
       60e3, 150e3, (24, 96), (72, 720), 20, 25e6, .3),
    _k("en-gas", "energy", "gas-regulating-station", "Gas regulating station", .004, "rural",
       "region", 0, 0, 25e3, 60e3, (4, 48), (24, 336), 2, 5e6),
    # water
    _k("wa-trt", "water", "water-treatment", "Water treatment works", .003, "rural", "region",
       1, 0, 150e3, 300e3, (6, 48), (72, 1440), 25, 80e6, .5),
    _k("wa-pmp", "water", "pumping-station", "Pumping station", .025, "urban", "region", 2, 0,
       12e3, 30e3, (4, 48), (12, 336), 1, 3e6),
    _k("wa-wwt", "water", "wastewater-treatment", "Wastewater treatment works", .004, "rural",
       "region", 1, 0, 50e3, 80e3, (12, 96), (48, 720), 10, 40e6),
    # ict
    _k("ic-dc", "ict", "data-centre", "Data centre", .0015, "urban", "national", 0, 2,
       300e3, 1.5e6, (.5, 4), (24, 720), 50, 150e6, .6),
    _k("ic-exc", "ict", "telecom-exchange", "Telecom exchange", .015, "urban", "region", 2, 0,
       25e3, 120e3, (1, 8), (12, 336), 5, 10e6, .1),
    _k("ic-cell", "ict", "base-station", "Mobile base station", .09, "urban", "region", 2, 0,
       2.5e3, 8e3, (2, 24), (4, 72), 0, 250e3),
    # transport
    _k("tr-rail", "transport", "rail-station", "Rail station", .015, "urban", "region", 1, 0,
       8e3, 60e3, (2, 24), (12, 336), 400, 15e6, .1),
    _k("tr-sig", "transport", "rail-signalling", "Rail signalling centre", .001, "urban",
       "region", 1, 0, 200e3, 500e3, (.5, 6), (24, 336), 30, 25e6, .3),
    _k("tr-port", "transport", "port", "Port", .0004, "rural", "national", 0, 1,
       1e6, 5e6, (12, 72), (168, 2160), 800, 400e6, .8),
    _k("tr-air", "transport", "airport", "Airport", .0004, "urban", "national", 0, 1,
       2e6, 6e6, (4, 48), (72, 1440), 8000, 1e9, .9),
    _k("tr-road", "transport", "road-structure", "Road bridge or tunnel", .02, "rural", "region",
       1, 0, 15e3, 50e3, (6, 72), (72, 4320), 0, 20e6),
    # health
    _k("he-hosp", "health", "hospital", "Hospital", .004, "urban", "region", 1, 0,
       150e3, 300e3, (.5, 4), (24, 720), 1200, 200e6, .5),
    _k("he-clin", "health", "clinic", "Clinic", .025, "urban", "region", 0, 0,
       12e3, 15e3, (12, 72), (24, 336), 60, 4e6),
    _k("he-pharm", "health", "pharmacy", "Pharmacy", .03, "urban", "region", 0, 0,
       5e3, 6e3, (24, 120), (24, 168), 10, 600e3),
    # finance
    _k("fi-pay", "finance", "payment-system", "Payment clearing centre", .0002, "urban",
       "national", 0, 2, 8e6, 20e6, (.5, 4), (12, 168), 150, 120e6, .9),
    _k("fi-bank", "finance", "bank-branch", "Bank branch", .03, "urban", "region", 0, 0,
       6e3, 25e3, (24, 120), (24, 336), 25, 2e6),
    _k("fi-atm", "finance", "cash-machine", "Cash machine", .02, "urban", "region", 0, 0,
       1.5e3, 3e3, (24, 168), (4, 72), 0, 40e3),
    # food
    _k("fo-dist", "food", "distribution-centre", "Food distribution centre", .005, "rural",
       "region", 1, 0, 120e3, 400e3, (12, 72), (48, 720), 250, 60e6, .2),
    _k("fo-proc", "food", "processing-plant", "Food processing plant", .015, "rural", "region",
       1, 0, 30e3, 100e3, (24, 168), (72, 1440), 150, 30e6),
    _k("fo-store", "food", "supermarket", "Supermarket", .06, "urban", "region", 0, 0,
       6e3, 30e3, (24, 96), (24, 336), 300, 8e6),
    _k("fo-shop", "food", "grocery", "Grocery shop", .07, "urban", "region", 0, 0,
       900, 3e3, (48, 168), (12, 168), 15, 400e3),
    # government
    _k("go-min", "government", "ministry", "Ministry", .0005, "urban", "national", 0, 1,
       3e6, 500e3, (4, 48), (48, 720), 1500, 150e6, .8),
    _k("go-off", "government", "government-office", "Government office", .03, "urban",
       "region", 0, 0, 20e3, 20e3, (24, 168), (24, 720), 120, 10e6),
    _k("go-sch", "government", "school", "School", .03, "urban", "region", 0, 0,
       900, 8e3, (24, 168), (24, 720), 700, 15e6),
    # chemical
    _k("ch-plant", "chemical", "chemical-plant", "Chemical plant", .006, "rural", "region", 0, 1,
       15e3, 500e3, (12, 96), (168, 4320), 200, 150e6, .6),
    _k("ch-store", "chemical", "chemical-storage", "Chemical storage site", .012, "rural",
       "region", 1, 0, 5e3, 80e3, (24, 168), (72, 1440), 15, 8e6, .1),
    # public spaces
    _k("ps-stad", "public-spaces", "stadium", "Stadium", .001, "urban", "region", 0, 1,
       40e3, 200e3, (72, 336), (168, 4320), 30000, 300e6, .9),
    _k("ps-mall", "public-spaces", "shopping-centre", "Shopping centre", .008, "urban", "region",
       0, 0, 30e3, 250e3, (24, 168), (72, 2160), 3000, 80e6, .3),
    _k("ps-venue", "public-spaces", "venue", "Entertainment venue", .05, "urban", "region", 0, 0,
       3e3, 15e3, (48, 336), (24, 720), 400, 5e6),
    _k("ps-sq", "public-spaces", "public-square", "Public square", .03, "urban", "region", 0, 0,
       8e3, 10e3, (48, 336), (4, 168), 1500, 2e6, .05),
    _k("ps-wor", "public-spaces", "place-of-worship", "Place of worship", .05, "urban", "region",
       0, 0, 1.5e3, 1e3, (72, 336), (24, 720), 250, 3e6),
    # emergency services
    _k("es-psap", "emergency-services", "call-centre", "Emergency call centre", .0005, "urban",
       "region", 1, 0, 800e3, 100e3, (.1, 1), (12, 168), 80, 15e6, .7),
    _k("es-fire", "emergency-services", "fire-station", "Fire station", .012, "urban", "region",
       1, 0, 35e3, 20e3, (.5, 4), (24, 336), 30, 6e6),
    _k("es-pol", "emergency-services", "police-station", "Police station", .015, "urban",
       "region", 1, 0, 40e3, 20e3, (.5, 4), (24, 336), 60, 8e6, .1),
    _k("es-amb", "emergency-services", "ambulance-station", "Ambulance station", .01, "urban",
       "region", 1, 0, 40e3, 20e3, (.5, 2), (12, 168), 25, 3e6),
    _k("es-eoc", "emergency-services", "operations-centre", "Emergency operations centre",
       .0003, "urban", "region", 1, 0, 1e6, 50e3, (.5, 4), (24, 336), 60, 20e6, .7),
]
KIND_INDEX = {k.code: i for i, k in enumerate(KINDS)}
FILLER = "fo-shop"   # absorbs rounding so the asset count is exact


# --------------------------------------------------------------------------------------
# Dependency rules
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    provider: str          # provider kind code
    p: float = 1.0         # probability that a dependent of this kind has this dependency
    pair: float = 0.0      # probability of taking two providers in a redundancy group
    group: str = ""        # group name used when two providers are taken
    kind: str = "physical"
    strength: tuple = (0.9, 1.0)
    delay: tuple = (0.0, 0.0)   # buffer hours, drawn uniformly when present
    buffered: float = 1.0       # probability the buffer exists (else delay 0)
    tune: bool = False          # optional coverage rule, scaled to hit the average degree


def power(p=1.0, pair=0.0, backup=0.0, lo=4.0, hi=48.0, s=(0.9, 1.0)):
    """Supply from a distribution substation, optionally with a backup generator."""
    return Rule("en-dx", p=p, pair=pair, group="grid", kind="physical", strength=s,
                delay=(lo, hi), buffered=backup)


def cyber(provider, p=1.0, s=(0.5, 1.0), pair=0.0, group="telecom", delay=(0.0, 0.0),
          buffered=1.0, tune=False):
    return Rule(provider, p=p, pair=pair, group=group, kind="cyber", strength=s,
                delay=delay, buffered=buffered, tune=tune)


def logical(provider, p=1.0, s=(0.5, 1.0), delay=(0.0, 0.0), pair=0.0, group="supply",
            buffered=1.0, tune=False):
    return Rule(provider, p=p, pair=pair, group=group, kind="logical", strength=s,
                delay=delay, buffered=buffered, tune=tune)


def water(p=1.0, s=(0.6, 1.0), delay=(2.0, 24.0), tune=False):
    """Supply from a pumping station; storage gives a few hours of buffer."""
    return Rule("wa-pmp", p=p, kind="physical", strength=s, delay=delay, tune=tune)


# Coverage rules shared by many consumer kinds (scaled to hit the target degree).
def fire_cover(p=0.6):
    return logical("es-fire", p=p, s=(0.1, 0.4), tune=True)


def police_cover(p=0.6):
    return logical("es-pol", p=p, s=(0.1, 0.4), tune=True)


def road_access(p=0.6):
    return logical("tr-road", p=p, s=(0.2, 0.6), delay=(0, 24), buffered=0.5, tune=True)


def cell(p=0.6, s=(0.2, 0.6)):
    return cyber("ic-cell", p=p, s=s, tune=True)


def payments(p=0.5):
    return logical("fi-pay", p=p, s=(0.3, 0.7), delay=(0, 12), buffered=0.5, tune=True)


CONSUMER_COVER = [fire_cover(), police_cover(), road_access()]

RULES: dict[str, list[Rule]] = {
    # ---- energy ----
    "en-gen": [Rule("en-tx", strength=(0.6, 1.0)),                     # station supply / black start
               cyber("en-ctl", s=(0.3, 0.7)),
               Rule("wa-trt", p=0.5, strength=(0.5, 1.0), delay=(24, 72)),  # cooling water
               Rule("en-gas", p=0.5, strength=(0.8, 1.0), delay=(0, 12), buffered=0.5),
               logical("en-fuel", p=0.3, s=(0.5, 0.9), delay=(24, 72)),
               cyber("ic-exc", s=(0.3, 0.6)),
               fire_cover(), road_access()],
    "en-tx": [Rule("en-gen", pair=1.0, group="grid", strength=(0.8, 1.0)),
              cyber("en-ctl", s=(0.4, 0.8), delay=(0, 12), buffered=0.5),
              cyber("ic-exc", p=0.7, s=(0.2, 0.5)),
              road_access(0.4)],
    "en-dx": [Rule("en-tx", pair=0.4, group="grid", strength=(0.9, 1.0)),
              cyber("en-ctl", p=0.5, s=(0.2, 0.5), delay=(0, 24)),
              cell(0.3, (0.1, 0.3)), road_access(0.3), fire_cover(0.3)],
    "en-ctl": [power(pair=1.0, backup=1.0, lo=24, hi=72),
               cyber("ic-exc", pair=1.0, group="telecom", s=(0.8, 1.0)),
               cyber("ic-dc", p=0.7, s=(0.5, 0.9)),
               water(0.5, (0.2, 0.5)), police_cover(0.8), fire_cover(0.8)],
    "en-fuel": [power(backup=0.5, lo=12, hi=48),
                logical("tr-road", s=(0.5, 0.9), delay=(24, 72)),
                logical("tr-port", p=0.5, s=(0.4, 0.8), delay=(48, 168)),
                cyber("ic-exc", p=0.5, s=(0.2, 0.5)),
                fire_cover(0.8), police_cover(0.5)],
    "en-gas": [power(backup=0.3, lo=4, hi=24),
               cyber("en-ctl", s=(0.3, 0.6)),
               cell(0.5, (0.2, 0.5)), road_access(0.3)],
    # ---- water ----
    "wa-trt": [power(pair=0.6, backup=0.7, lo=12, hi=48),
               cyber("ic-exc", s=(0.3, 0.6)),
               logical("ch-store", p=0.6, s=(0.4, 0.8), delay=(48, 168)),   # treatment chemicals
               road_access(0.5), fire_cover(0.5), police_cover(0.5)],
    "wa-pmp": [Rule("wa-trt", strength=(0.9, 1.0), delay=(2, 24)),
               power(backup=0.3, lo=4, hi=24),
               cell(0.6, (0.2, 0.5)), road_access(0.3)],
    "wa-wwt": [power(backup=0.5, lo=6, hi=24),
               Rule("wa-pmp", strength=(0.3, 0.6), delay=(12, 48)),
               cell(0.5, (0.2, 0.5)), road_access(0.4)],
    # ---- ict ----
    "ic-dc": [power(pair=1.0, backup=0.99, lo=24, hi=72),
              water(0.7, (0.3, 0.7), (12, 72)),
              cyber("ic-exc", pair=1.0, group="telecom", s=(0.8, 1.0)),
              fire_cover(0.8), police_cover(0.8), road_access(0.5)],
    "ic-exc": [power(backup=0.95, lo=4, hi=48),
               cyber("ic-dc", p=0.8, pair=1.0, group="core", s=(0.6, 1.0)),
               fire_cover(0.5), road_access(0.3)],
    "ic-cell": [power(backup=0.5, lo=1, hi=8),
                cyber("ic-exc", s=(0.9, 1.0)),
                road_access(0.3)],
    # ---- transport ----
    "tr-rail": [Rule("en-tx", strength=(0.8, 1.0)),                      # traction supply
                power(s=(0.4, 0.7)),
                logical("tr-sig", s=(0.9, 1.0)),
                cell(0.5, (0.2, 0.5))] + CONSUMER_COVER + [payments(0.3)],
    "tr-sig": [power(pair=1.0, backup=0.9, lo=4, hi=24),
               cyber("ic-exc", pair=1.0, group="telecom", s=(0.9, 1.0)),
               fire_cover(0.8), police_cover(0.8)],
    "tr-port": [power(pair=1.0, backup=0.7, lo=12, hi=48),
                cyber("ic-exc", s=(0.6, 0.9)),
                logical("tr-rail", p=0.5, s=(0.3, 0.6)),
                logical("tr-road", s=(0.5, 0.9)),
                water(s=(0.3, 0.6)),
                logical("en-fuel", s=(0.5, 0.8), delay=(24, 72)),
                fire_cover(1.0), police_cover(1.0)],
    "tr-air": [power(pair=1.0, backup=1.0, lo=24, hi=72),
               cyber("ic-exc", pair=1.0, group="telecom", s=(0.8, 1.0)),
               logical("en-fuel", s=(0.8, 1.0), delay=(24, 72)),
               logical("tr-road", s=(0.4, 0.8)),
               logical("tr-rail", p=0.6, s=(0.2, 0.5)),
               water(s=(0.4, 0.7)),
               fire_cover(1.0), police_cover(1.0), payments(0.8)],
    "tr-road": [power(p=0.5, s=(0.2, 0.5)),                              # lighting, ventilation
                cell(0.3, (0.1, 0.3)),
                police_cover(0.3)],
    # ---- health ----
    "he-hosp": [power(pair=1.0, backup=0.95, lo=24, hi=72),
                water(s=(0.8, 1.0), delay=(4, 24)),
                cyber("ic-exc", s=(0.6, 0.9), delay=(0, 8), buffered=0.5),
                logical("en-fuel", s=(0.6, 0.9), delay=(24, 72)),
                logical("fo-dist", p=0.3, s=(0.3, 0.6), delay=(24, 96)),
                logical("ch-store", p=0.2, s=(0.2, 0.5), delay=(48, 168)),  # medical gases
                cell(0.8, (0.2, 0.5))] + CONSUMER_COVER,
    "he-clin": [power(backup=0.3, lo=4, hi=24),
                water(s=(0.5, 0.9)),
                cell(0.8, (0.4, 0.8)),
                logical("he-hosp", p=0.5, s=(0.3, 0.6))] + CONSUMER_COVER,
    "he-pharm": [power(backup=0.1, lo=2, hi=8),
                 cell(0.8, (0.4, 0.8)),
                 logical("fo-dist", p=0.4, s=(0.3, 0.6), delay=(24, 72), tune=True),
                 payments(0.5)] + CONSUMER_COVER,
    # ---- finance ----
    "fi-pay": [power(pair=1.0, backup=0.99, lo=24, hi=72),
               cyber("ic-dc", pair=1.0, group="core", s=(0.9, 1.0)),
               cyber("ic-exc", s=(0.6, 0.9)),
               water(0.5, (0.2, 0.5)),
               fire_cover(1.0), police_cover(1.0)],
    "fi-bank": [power(backup=0.2, lo=4, hi=24),
                cyber("ic-exc", s=(0.7, 1.0)),
                logical("fi-pay", s=(0.8, 1.0), delay=(0, 4), buffered=0.5)] + CONSUMER_COVER,
    "fi-atm": [power(),
               cyber("ic-cell", s=(0.8, 1.0)),
               logical("fi-pay", s=(0.9, 1.0)),
               logical("fi-bank", p=0.7, s=(0.3, 0.6), delay=(24, 72)),
               police_cover(0.5)],
    # ---- food ----
    "fo-dist": [power(backup=0.6, lo=12, hi=48),
                logical("tr-road", s=(0.7, 1.0), delay=(12, 48)),
                cyber("ic-exc", s=(0.5, 0.8)),
                logical("en-fuel", s=(0.5, 0.9), delay=(24, 72)),
                logical("fo-proc", pair=1.0, group="supply", s=(0.5, 0.8), delay=(24, 72)),
                fire_cover(0.7), police_cover(0.5), payments(0.5)],
    "fo-proc": [power(backup=0.3, lo=4, hi=24),
                water(s=(0.7, 1.0)),
                logical("tr-road", s=(0.5, 0.9), delay=(12, 48)),
                logical("ch-store", p=0.2, s=(0.2, 0.5), delay=(48, 168)),
                cell(0.5, (0.2, 0.5)), fire_cover(0.6), police_cover(0.3)],
    "fo-store": [power(backup=0.2, lo=2, hi=12),
                 logical("fo-dist", s=(0.8, 1.0), delay=(24, 72)),
                 cell(0.8, (0.3, 0.6)),
                 payments(0.6),
                 water(0.5, (0.2, 0.5))] + CONSUMER_COVER,
    "fo-shop": [power(),
                logical("fo-dist", s=(0.5, 0.9), delay=(24, 96)),
                cell(0.5, (0.3, 0.6)), payments(0.3)] + CONSUMER_COVER,
    # ---- government ----
    "go-min": [power(pair=1.0, backup=0.9, lo=24, hi=72),
               cyber("ic-dc", s=(0.6, 0.9)),
               cyber("ic-exc", s=(0.5, 0.9)),
               water(s=(0.3, 0.6)),
               police_cover(1.0), fire_cover(1.0)],
    "go-off": [power(backup=0.2, lo=4, hi=24),
               cyber("ic-exc", s=(0.5, 0.9)),
               logical("go-min", p=0.5, s=(0.2, 0.5)),
               water(0.5, (0.3, 0.6))] + CONSUMER_COVER,
    "go-sch": [power(),
               water(s=(0.5, 0.9)),
               cell(0.5, (0.2, 0.5))] + CONSUMER_COVER,
    # ---- chemical ----
    "ch-plant": [power(pair=0.5, backup=0.5, lo=4, hi=24),
                 water(s=(0.6, 1.0)),
                 cyber("ic-exc", s=(0.4, 0.8)),
                 logical("tr-rail", p=0.5, s=(0.3, 0.7), delay=(24, 72)),
                 logical("tr-road", s=(0.4, 0.8), delay=(12, 48)),
                 logical("es-fire", s=(0.3, 0.6)),
                 police_cover(0.8)],
    "ch-store": [power(backup=0.3, lo=4, hi=24),
                 logical("tr-road", s=(0.4, 0.8), delay=(12, 48)),
                 logical("es-fire", p=0.5, s=(0.3, 0.6)),
                 cell(0.5, (0.2, 0.5)), police_cover(0.5)],
    # ---- public spaces ----
    "ps-stad": [power(pair=1.0, backup=0.8, lo=4, hi=24),
                water(s=(0.5, 0.9)),
                cell(1.0, (0.3, 0.6)),
                logical("tr-rail", s=(0.3, 0.7)),
                logical("es-pol", s=(0.5, 0.9)),
                fire_cover(1.0), road_access(1.0), payments(0.8)],
    "ps-mall": [power(backup=0.3, lo=2, hi=12),
                water(s=(0.4, 0.7)),
                cell(0.8, (0.3, 0.6)),
                payments(0.7)] + CONSUMER_COVER,
    "ps-venue": [power(), cell(0.6, (0.2, 0.5))] + CONSUMER_COVER,
    "ps-sq": [power(p=0.7, s=(0.2, 0.5)),                              # lighting
              cell(0.6, (0.2, 0.5)),                                    # CCTV backhaul
              police_cover(0.8), fire_cover(0.4)],
    "ps-wor": [power(), water(0.4, (0.2, 0.5))] + CONSUMER_COVER,
    # ---- emergency services ----
    "es-psap": [power(pair=1.0, backup=0.99, lo=24, hi=72),
                cyber("ic-exc", pair=1.0, group="telecom", s=(0.9, 1.0)),
                cyber("ic-dc", p=0.7, s=(0.5, 0.9)),
                police_cover(1.0), fire_cover(1.0)],
    "es-fire": [power(backup=0.7, lo=12, hi=48),
                water(s=(0.6, 0.9), delay=(0, 4)),                      # hydrants
                logical("es-psap", s=(0.8, 1.0)),
                cyber("ic-cell", s=(0.5, 0.8)),
                logical("en-fuel", s=(0.4, 0.7), delay=(24, 72)),
                road_access(0.6)],
    "es-pol": [power(backup=0.7, lo=12, hi=48),
               logical("es-psap", s=(0.8, 1.0)),
               cyber("ic-cell", s=(0.5, 0.8)),
               logical("en-fuel", s=(0.4, 0.7), delay=(24, 72)),
               road_access(0.6), water(0.5, (0.2, 0.4))],
    "es-amb": [power(backup=0.5, lo=12, hi=48),
               logical("es-psap", s=(0.8, 1.0)),
               logical("he-hosp", s=(0.7, 1.0)),
               logical("en-fuel", s=(0.4, 0.7), delay=(24, 72)),
               cyber("ic-cell", s=(0.5, 0.8)),
               road_access(0.6)],
    "es-eoc": [power(pair=1.0, backup=1.0, lo=24, hi=72),
               cyber("ic-exc", pair=1.0, group="telecom", s=(0.8, 1.0)),
               logical("es-psap", s=(0.6, 0.9)),
               logical("go-min", p=0.5, s=(0.3, 0.6)),
               water(s=(0.3, 0.6)), police_cover(1.0)],
}

# Geographic dependencies: assets close to a chemical plant are exposed to it.
GEO_RADIUS_KM = 2.0
GEO_P = 0.5
GEO_STRENGTH = (0.2, 0.6)


# --------------------------------------------------------------------------------------
# Threats and vulnerabilities
# --------------------------------------------------------------------------------------

THREATS = [
    # id, name, modality, attempts per year
    ("th-vbied", "Vehicle-borne IED", "vbied", 0.02),
    ("th-ied", "Placed improvised explosive device", "ied", 0.05),
    ("th-assault", "Marauding armed assault", "armed-assault", 0.01),
    ("th-ramming", "Vehicle ramming", "ramming", 0.03),
    ("th-arson", "Arson", "arson", 0.2),
    ("th-drone", "Hostile drone incursion", "drone", 0.3),
    ("th-insider", "Insider sabotage", "insider", 0.05),
    ("th-ics", "Control-system compromise", "ics", 0.1),
    ("th-ransom", "Ransomware", "cyber", 0.5),
    ("th-ddos", "Denial of service", "cyber", 1.5),
    ("th-cbrn", "Chemical or biological contamination", "cbrn", 0.005),
    ("th-intrusion", "Site intrusion and metal theft", "intrusion", 1.0),
    ("th-weather", "Severe weather damage", "other", 0.4),
]
THREAT_INDEX = {t[0]: i for i, t in enumerate(THREATS)}

SECTOR_THREATS = {
    "energy": ["th-ics", "th-intrusion", "th-drone", "th-insider", "th-ied", "th-arson",
               "th-ransom", "th-weather"],
    "water": ["th-ics", "th-cbrn", "th-intrusion", "th-insider", "th-weather"],
    "ict": ["th-ransom", "th-ddos", "th-intrusion", "th-arson", "th-insider"],
    "transport": ["th-vbied", "th-ied", "th-ramming", "th-drone", "th-assault", "th-ransom"],
    "health": ["th-ransom", "th-assault", "th-arson", "th-insider"],
    "finance": ["th-ransom", "th-ddos", "th-insider", "th-assault"],
    "food": ["th-cbrn", "th-arson", "th-ransom", "th-weather"],
    "government": ["th-vbied", "th-ied", "th-assault", "th-ddos", "th-insider"],
    "chemical": ["th-ics", "th-cbrn", "th-ied", "th-intrusion", "th-insider"],
    "public-spaces": ["th-vbied", "th-ramming", "th-assault", "th-ied", "th-drone",
                      "th-cbrn", "th-arson"],
    "emergency-services": ["th-ddos", "th-ransom", "th-assault", "th-arson"],
}

REGION_STARTS = ["Ash", "Bel", "Cor", "Dun", "El", "Fair", "Glen", "Hol", "Iver", "Kes",
                 "Lan", "Mor", "Nor", "Oak", "Pen", "Rav", "Sel", "Tor", "Ul", "Ver",
                 "Wes", "Yar", "Bram", "Crow", "Dray", "Frost"]
REGION_ENDS = ["by", "dale", "ford", "gate", "ham", "holm", "ley", "mere", "mouth", "ness",
               "stead", "ton", "vale", "wick", "worth", "moor"]


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

def parse_size(text: str) -> int:
    t = str(text).strip()
    if t.upper() in SIZES:
        return SIZES[t.upper()]
    mult = 1
    if t[-1:] in ("k", "K"):
        mult, t = 1_000, t[:-1]
    elif t[-1:] in ("m", "M") and t[:-1]:
        mult, t = 1_000_000, t[:-1]
    try:
        n = int(float(t) * mult)
    except ValueError:
        raise ValueError(f"size must be S, M, L or a number, not {text!r}") from None
    return n


def _s(a) -> np.ndarray:
    """Cast to a numpy variable-width string array."""
    return np.asarray(a).astype(StringDType())


def _cat(*parts) -> np.ndarray:
    out = parts[0] if isinstance(parts[0], np.ndarray) else np.asarray(parts[0], StringDType())
    for p in parts[1:]:
        out = np.strings.add(out, p)
    return out


def _fixed(values: np.ndarray, decimals: int) -> np.ndarray:
    """Fixed-point text (never scientific notation) for a float array."""
    scale = 10 ** decimals
    q = np.rint(np.asarray(values, dtype=np.float64) * scale).astype(np.int64)
    neg = q < 0
    q = np.abs(q)
    whole = _s(q // scale)
    if decimals == 0:
        text = whole
    else:
        frac = np.strings.zfill(_s(q % scale), decimals)
        text = _cat(whole, ".", frac)
    if neg.any():
        sign = np.array(["", "-"], dtype=StringDType())[neg.astype(np.int8)]
        text = np.strings.add(sign, text)
    return text


def _write_rows(path: str, header: str, columns: list) -> int:
    """Join string columns with commas and write them with a header. Returns bytes."""
    rows = columns[0]
    for c in columns[1:]:
        rows = np.strings.add(np.strings.add(rows, ","), c)
    body = "\n".join(rows.tolist())
    data = (header + "\n" + body + ("\n" if len(rows) else "")).encode("utf-8")
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return len(data)


def _fold(v: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Reflect coordinates that fall outside [lo, hi] back inside the box."""
    span = hi - lo
    t = np.mod(v - lo, 2 * span)
    return lo + np.where(t > span, 2 * span - t, t)


# --------------------------------------------------------------------------------------
# Generation steps
# --------------------------------------------------------------------------------------

@dataclass
class World:
    n: int
    region_names: list
    kind: np.ndarray        # kind index per asset (assets are grouped by kind)
    region: np.ndarray      # region index per asset
    lat: np.ndarray
    lon: np.ndarray
    kind_start: np.ndarray  # assets of kind k are [kind_start[k], kind_start[k+1])
    numbers: np.ndarray     # per-kind running number used in the id
    stats: dict = field(default_factory=dict)


def _layout_regions(rng, n_regions: int):
    width = (LON1 - LON0) * KM_PER_DEG_LON
    height = (LAT1 - LAT0) * KM_PER_DEG
    cols = max(1, round(math.sqrt(n_regions * width / height)))
    rows = max(1, math.ceil(n_regions / cols))
    while rows * cols < n_regions:
        cols += 1
    cells = rng.permutation(rows * cols)[:n_regions]
    cells.sort()
    cw, ch = width / cols, height / rows
    cx = (cells % cols + 0.5 + rng.uniform(-0.25, 0.25, n_regions)) * cw - width / 2
    cy = (cells // cols + 0.5 + rng.uniform(-0.25, 0.25, n_regions)) * ch - height / 2
    return cx, cy, min(cw, ch)


def _region_names(rng, n_regions: int) -> list:
    combos = [a + b for a in REGION_STARTS for b in REGION_ENDS]
    order = rng.permutation(len(combos))
    names = []
    for i in range(n_regions):
        base = combos[order[i % len(combos)]]
        names.append(base if i < len(combos) else f"{base} {i // len(combos) + 1}")
    return names


def _kind_counts(rng, n: int, n_regions: int, region_w: np.ndarray) -> np.ndarray:
    shares = np.array([k.share for k in KINDS])
    shares = shares / shares.sum()
    counts = np.zeros((len(KINDS), n_regions), dtype=np.int64)
    for i, k in enumerate(KINDS):
        total = max(int(round(shares[i] * n)), k.min_total)
        c = rng.multinomial(total, region_w)
        c = np.maximum(c, k.min_region)
        counts[i] = c
    f = KIND_INDEX[FILLER]
    diff = n - counts.sum()
    if diff > 0:
        counts[f] += rng.multinomial(diff, region_w)
    elif diff < 0:
        # The per-region minimums overshot: trim kinds that have no minimum, in
        # proportion to how many of them each (kind, region) cell holds.
        flexible = np.array([k.min_region == 0 and k.min_total == 0 for k in KINDS])
        take = -diff
        if counts[flexible].sum() < take:
            raise ValueError(f"size {n} is too small for the minimum per-region asset counts")
        while take > 0:
            avail = np.where(flexible[:, None], counts, 0).astype(np.float64).ravel()
            cut = rng.multinomial(take, avail / avail.sum()).reshape(counts.shape)
            cut = np.minimum(cut, counts)
            counts -= cut
            take -= int(cut.sum())
    return counts


def build_world(n: int, seed: int) -> World:
    if n < MIN_ASSETS:
        raise ValueError(f"size must be at least {MIN_ASSETS} assets")
    rng = np.random.default_rng([seed, 0x5EED])
    n_regions = max(3, int(round(math.sqrt(n) / 8)))
    cx, cy, cell_km = _layout_regions(rng, n_regions)
    region_w = rng.lognormal(0.0, 0.5, n_regions)
    region_w /= region_w.sum()
    names = _region_names(rng, n_regions)
    counts = _kind_counts(rng, n, n_regions, region_w)

    # Towns: each region gets a few, Zipf-weighted, scattered around the region centre.
    region_assets = counts.sum(axis=0)
    towns_per_region = np.clip(region_assets // 400, 2, 60)
    t_region = np.repeat(np.arange(n_regions), towns_per_region)
    t_rank = np.concatenate([np.arange(t) for t in towns_per_region]) + 1
    t_w = 1.0 / t_rank ** 1.1
    t_x = cx[t_region] + rng.normal(0, 0.3 * cell_km, len(t_region))
    t_y = cy[t_region] + rng.normal(0, 0.3 * cell_km, len(t_region))
    t_sd = 1.5 + 5.0 * np.sqrt(t_w)
    # Cumulative weights, offset by region index, so one searchsorted samples a town
    # inside the right region for every asset at once.
    t_cdf = np.zeros(len(t_region))
    start = 0
    for r, t in enumerate(towns_per_region):
        w = t_w[start:start + t]
        t_cdf[start:start + t] = r + np.cumsum(w) / w.sum()
        start += t
    t_cdf[np.r_[np.cumsum(towns_per_region) - 1]] = np.arange(n_regions) + 1.0

    kind = np.repeat(np.arange(len(KINDS)), counts.sum(axis=1))
    region = np.concatenate([np.repeat(np.arange(n_regions), counts[i])
                             for i in range(len(KINDS))])
    kind_start = np.concatenate([[0], np.cumsum(counts.sum(axis=1))])
    numbers = np.arange(n) - kind_start[kind] + 1   # ids count from 1

    urban = np.array([k.place == "urban" for k in KINDS])[kind]
    x = np.empty(n)
    y = np.empty(n)
    nu = int(urban.sum())
    town = np.searchsorted(t_cdf, region[urban] + rng.random(nu) * (1 - 1e-12), side="right")
    town = np.minimum(town, len(t_region) - 1)
    x[urban] = t_x[town] + rng.normal(0, 1, nu) * t_sd[town]
    y[urban] = t_y[town] + rng.normal(0, 1, nu) * t_sd[town]
    nr = n - nu
    x[~urban] = cx[region[~urban]] + rng.normal(0, 0.35 * cell_km, nr)
    y[~urban] = cy[region[~urban]] + rng.normal(0, 0.35 * cell_km, nr)
    lat = _fold(REF_LAT + y / KM_PER_DEG, LAT0, LAT1)
    lon = _fold(REF_LON + x / KM_PER_DEG_LON, LON0, LON1)
    # round now so that distances below match the written coordinates
    lat = np.round(lat, 5)
    lon = np.round(lon, 5)
    w = World(n=n, region_names=names, kind=kind, region=region, lat=lat, lon=lon,
              kind_start=kind_start, numbers=numbers)
    w.stats.update(regions=n_regions, towns=int(len(t_region)))
    return w


def _xy(world: World):
    x = (world.lon - REF_LON) * KM_PER_DEG_LON
    y = (world.lat - REF_LAT) * KM_PER_DEG
    return x, y


class _Finder:
    """Nearest-provider lookup, one KD-tree per (provider kind, scope)."""

    def __init__(self, world: World):
        self.world = world
        self.x, self.y = _xy(world)
        self.trees: dict = {}

    def _tree(self, pk: int, regional: bool):
        key = (pk, regional)
        if key not in self.trees:
            lo, hi = self.world.kind_start[pk], self.world.kind_start[pk + 1]
            pts = self._points(np.arange(lo, hi), regional)
            self.trees[key] = (cKDTree(pts), lo, hi - lo)
        return self.trees[key]

    def _points(self, idx, regional):
        if regional:
            return np.column_stack([self.x[idx], self.y[idx],
                                    self.world.region[idx] * REGION_AXIS_KM])
        return np.column_stack([self.x[idx], self.y[idx]])

    def candidates(self, dependents: np.ndarray, pk: int, regional: bool, m: int):
        """Return (provider indices, valid mask), both shape (len(dependents), m')."""
        tree, lo, count = self._tree(pk, regional)
        m = min(m, count)
        if m == 0 or len(dependents) == 0:
            return np.zeros((len(dependents), 0), np.int64), np.zeros((len(dependents), 0), bool)
        d, i = tree.query(self._points(dependents, regional), k=m, workers=-1)
        d = d.reshape(len(dependents), m)
        i = i.reshape(len(dependents), m)
        valid = (i < count) & (d < 0.5 * REGION_AXIS_KM)
        prov = np.where(i < count, i, 0) + lo
        valid &= prov != dependents[:, None]
        if regional:
            # dependents in a region without this provider kind fall back to national
            empty = ~valid.any(axis=1)
            if empty.any():
                p2, v2 = self.candidates(dependents[empty], pk, False, m)
                prov[empty, :p2.shape[1]] = p2
                valid[empty] = False
                valid[empty, :v2.shape[1]] = v2
        return prov, valid


NEAREST_DECAY = 0.35   # weight of the (r+1)-th nearest candidate relative to the r-th
EXTRA_CANDIDATES = 3


def _pick(rng, prov, valid, k_per_row):
    """Choose up to k (1 or 2) providers per row, favouring the nearest candidates."""
    n, m = prov.shape
    if m == 0:
        return np.zeros((n, 2), np.int64), np.zeros((n, 2), bool)
    logw = np.arange(m) * math.log(NEAREST_DECAY)
    keys = logw[None, :] + rng.gumbel(size=(n, m))
    keys[~valid] = -np.inf
    order = np.argsort(-keys, axis=1, kind="stable")[:, :2]
    if m == 1:
        order = np.concatenate([order, order], axis=1)
    chosen = np.take_along_axis(prov, order, axis=1)
    ok = np.take_along_axis(valid, order, axis=1)
    if m == 1:
        ok[:, 1] = False
    ok[:, 1] &= k_per_row == 2
    return chosen, ok


def _uniform_hundredths(rng, lo, hi, n):
    v = np.rint(rng.uniform(lo, hi, n) * 100).astype(np.int64)
    return np.clip(v, 1, 100)


def _tuning_factor(world: World, target_edges: float) -> float:
    counts = np.diff(world.kind_start)
    core = 0.0
    tune = 0.0
    for code, rules in RULES.items():
        c = counts[KIND_INDEX[code]]
        for r in rules:
            e = c * r.p * (1.0 + r.pair)
            if r.tune:
                tune += e
            else:
                core += e
    if tune <= 0:
        return 1.0
    # solve sum(min(1, f * p)) ... iteratively to respect the p <= 1 cap
    f = max(0.0, (target_edges - core) / tune)
    for _ in range(20):
        got = 0.0
        for code, rules in RULES.items():
            c = counts[KIND_INDEX[code]]
            for r in rules:
                if r.tune:
                    got += c * min(1.0, r.p * f) * (1.0 + r.pair)
        missing = target_edges - core - got
        if abs(missing) < 0.5 or got <= 0:
            break
        f *= (got + missing) / got
        f = max(f, 0.0)
    return f


def build_dependencies(world: World, seed: int, avg_degree: float):
    rng = np.random.default_rng([seed, 0xDE95])
    finder = _Finder(world)
    dep_parts, prov_parts, kind_parts, str_parts, delay_parts, group_parts = ([] for _ in range(6))

    def emit(d, p, kind_code, strength, delay, group):
        dep_parts.append(d.astype(np.int64))
        prov_parts.append(p.astype(np.int64))
        kind_parts.append(np.full(len(d), kind_code, np.int8))
        str_parts.append(strength.astype(np.int64))
        delay_parts.append(delay.astype(np.int64))
        group_parts.append(group.astype(np.int8))

    # 1. geographic exposure to chemical plants
    ch = KIND_INDEX["ch-plant"]
    lo, hi = world.kind_start[ch], world.kind_start[ch + 1]
    if hi > lo:
        x, y = finder.x, finder.y
        tree = cKDTree(np.column_stack([x[lo:hi], y[lo:hi]]))
        dist, idx = tree.query(np.column_stack([x, y]), k=1, workers=-1)
        near = (dist < GEO_RADIUS_KM) & (world.kind != ch) & (rng.random(world.n) < GEO_P)
        d = np.nonzero(near)[0]
        emit(d, idx[near] + lo, DEP_KINDS.index("geographic"),
             _uniform_hundredths(rng, *GEO_STRENGTH, len(d)), np.zeros(len(d)),
             np.zeros(len(d)))
    geo_edges = sum(len(a) for a in dep_parts)

    # 2. rule-driven dependencies
    f = _tuning_factor(world, avg_degree * world.n - geo_edges)
    for code, rules in RULES.items():
        dk = KIND_INDEX[code]
        lo, hi = world.kind_start[dk], world.kind_start[dk + 1]
        if hi == lo:
            continue
        for r in rules:
            p = min(1.0, r.p * f) if r.tune else r.p
            members = np.arange(lo, hi)
            deps = members[rng.random(hi - lo) < p]
            if len(deps) == 0:
                continue
            pk = KIND_INDEX[r.provider]
            regional = KINDS[pk].scope == "region"
            k_row = np.where(rng.random(len(deps)) < r.pair, 2, 1)
            prov, valid = finder.candidates(deps, pk, regional, 2 + EXTRA_CANDIDATES)
            chosen, ok = _pick(rng, prov, valid, k_row)
            two = ok[:, 0] & ok[:, 1]
            delay = np.where(rng.random(len(deps)) < r.buffered,
                             np.rint(rng.uniform(r.delay[0], r.delay[1], len(deps)) * 10), 0)
            grp = np.where(two, GROUPS.index(r.group) if r.group else 0, 0)
            for j in (0, 1):
                sel = ok[:, j]
                cnt = int(sel.sum())
                if cnt == 0:
                    continue
                emit(deps[sel], chosen[sel, j], DEP_KINDS.index(r.kind),
                     _uniform_hundredths(rng, r.strength[0], r.strength[1], cnt),
                     delay[sel], grp[sel])

    dep = np.concatenate(dep_parts)
    prov = np.concatenate(prov_parts)
    kinds = np.concatenate(kind_parts)
    strength = np.concatenate(str_parts)
    delay = np.concatenate(delay_parts)
    group = np.concatenate(group_parts)

    keep = dep != prov
    key = dep[keep] * world.n + prov[keep]
    _, first = np.unique(key, return_index=True)   # sorted by (dependent, provider)
    sel = np.nonzero(keep)[0][first]
    edges = dict(dep=dep[sel], prov=prov[sel], kind=kinds[sel], strength=strength[sel],
                 delay=delay[sel], group=group[sel])
    world.stats.update(geo_edges=int(geo_edges), tuning_factor=round(float(f), 4),
                       duplicates_dropped=int(len(dep) - len(sel)))
    return edges


def build_assets_columns(world: World, seed: int):
    rng = np.random.default_rng([seed, 0xA55E])
    n = world.n
    k = world.kind
    codes = _s([kd.code + "-" for kd in KINDS])
    widths = np.array([max(6, len(str(c))) for c in np.diff(world.kind_start)])
    ids = np.strings.add(codes[k], np.strings.zfill(_s(world.numbers), widths[k]))

    labels = _s([kd.label + " " for kd in KINDS])
    rnames = _s([", " + nm + '"' for nm in world.region_names])
    names = _cat('"', labels[k], _s(world.numbers), rnames[world.region])
    sectors = _s([kd.sector for kd in KINDS])[k]

    def per_kind(attr):
        return np.array([getattr(kd, attr) for kd in KINDS], dtype=np.float64)[k]

    def per_kind_range(attr):
        a = np.array([getattr(kd, attr) for kd in KINDS], dtype=np.float64)
        return a[k, 0], a[k, 1]

    population = np.rint(per_kind("population") * np.exp(0.7 * rng.standard_normal(n)))
    econ = np.rint(per_kind("econ") * np.exp(0.8 * rng.standard_normal(n)) / 100) * 100
    mlo, mhi = per_kind_range("mtpd")
    mtpd = np.exp(rng.uniform(np.log(mlo), np.log(mhi)))
    rlo, rhi = per_kind_range("recovery")
    recovery = np.exp(rng.uniform(np.log(rlo), np.log(rhi)))
    occ_med = per_kind("occupancy")
    occupancy = np.rint(occ_med * np.exp(0.6 * rng.standard_normal(n)))
    repl = np.rint(per_kind("replacement") * np.exp(0.6 * rng.standard_normal(n)) / 1000) * 1000
    kinds = _s([kd.kind for kd in KINDS])[k]
    cols = [ids, names, sectors, _fixed(world.lat, 5), _fixed(world.lon, 5),
            _s(population.astype(np.int64)), _s(econ.astype(np.int64)),
            _fixed(np.maximum(mtpd, 0.1), 1), _fixed(np.maximum(recovery, 1.0), 1),
            kinds, _s(occupancy.astype(np.int64)), _s(repl.astype(np.int64))]
    return ids, cols


def build_vulnerabilities(world: World, seed: int):
    rng = np.random.default_rng([seed, 0x7E57])
    k = world.kind
    p = np.array([kd.vuln_p for kd in KINDS])[k]
    chosen = np.nonzero(rng.random(world.n) < p)[0]
    sector_of_kind = np.array([SECTORS.index(kd.sector) for kd in KINDS])
    sec = sector_of_kind[k[chosen]]
    lists = [np.array([THREAT_INDEX[t] for t in SECTOR_THREATS[s]]) for s in SECTORS]
    lens = np.array([len(x) for x in lists])
    table = np.full((len(SECTORS), lens.max()), -1)
    for i, x in enumerate(lists):
        table[i, :len(x)] = x
    n_threats = rng.integers(1, 4, len(chosen))
    assets, threats = [], []
    for j in range(3):
        has = n_threats > j
        a = chosen[has]
        s = sec[has]
        pick = (rng.random(len(a)) * lens[s]).astype(np.int64)
        assets.append(a)
        threats.append(table[s, pick])
    a = np.concatenate(assets)
    t = np.concatenate(threats)
    key = a * len(THREATS) + t
    _, first = np.unique(key, return_index=True)
    a, t = a[first], t[first]
    v = np.clip(rng.beta(2.0, 5.0, len(a)), 0.01, 0.99)
    return a, t, v


def generate(n: int, seed: int, out: str, avg_degree: float = 4.5) -> dict:
    """Generate all four CSV files into `out`; return a dict of statistics."""
    t0 = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    world = build_world(n, seed)
    edges = build_dependencies(world, seed, avg_degree)
    ids, asset_cols = build_assets_columns(world, seed)
    t1 = time.perf_counter()

    sizes = {}
    sizes["assets.csv"] = _write_rows(os.path.join(out, "assets.csv"), ASSET_HEADER, asset_cols)
    del asset_cols

    strength_txt = _fixed(np.arange(101) / 100.0, 2)
    max_delay = int(edges["delay"].max()) if len(edges["delay"]) else 0
    delay_txt = _fixed(np.arange(max_delay + 1) / 10.0, 1)
    dep_cols = [ids[edges["dep"]], ids[edges["prov"]], _s(DEP_KINDS)[edges["kind"]],
                strength_txt[edges["strength"]], delay_txt[edges["delay"]],
                _s(GROUPS)[edges["group"]]]
    sizes["dependencies.csv"] = _write_rows(os.path.join(out, "dependencies.csv"),
                                            DEP_HEADER, dep_cols)
    del dep_cols

    th_cols = [_s([t[0] for t in THREATS]), _s([t[1] for t in THREATS]),
               _s([t[2] for t in THREATS]), _fixed(np.array([t[3] for t in THREATS]), 3)]
    sizes["threats.csv"] = _write_rows(os.path.join(out, "threats.csv"), THREAT_HEADER, th_cols)

    va, vt, vv = build_vulnerabilities(world, seed)
    v_cols = [ids[va], _s([t[0] for t in THREATS])[vt], _fixed(vv, 2)]
    sizes["vulnerabilities.csv"] = _write_rows(os.path.join(out, "vulnerabilities.csv"),
                                               VULN_HEADER, v_cols)
    t2 = time.perf_counter()

    stats = dict(world.stats)
    stats.update(assets=n, dependencies=int(len(edges["dep"])),
                 avg_degree=round(len(edges["dep"]) / n, 3), vulnerabilities=int(len(va)),
                 threats=len(THREATS), bytes=sizes, build_s=round(t1 - t0, 3),
                 write_s=round(t2 - t1, 3), total_s=round(t2 - t0, 3))
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="S", help="S (1k), M (100k), L (1M) or an asset count")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--avg-degree", type=float, default=4.5,
                    help="target average number of dependencies per asset")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    try:
        n = parse_size(args.size)
        stats = generate(n, args.seed, args.out, args.avg_degree)
    except ValueError as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        mb = sum(stats["bytes"].values()) / 2**20
        print(f"generated {stats['assets']} assets, {stats['dependencies']} dependencies "
              f"(avg {stats['avg_degree']}), {stats['vulnerabilities']} vulnerabilities, "
              f"{stats['regions']} regions into {args.out} in {stats['total_s']:.2f}s "
              f"({mb:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
