"""The PFIF 1.4 feed of the demo data, checked against the specification (Google Person Finder's
validator stops at 1.3): required fields, formats, sex values, the id form, incremental sync by
entry date with paging, and no private field of any case in any record."""

import json
import re
import xml.etree.ElementTree as ET

from conftest import homeward, http

NS = "http://zesty.ca/pfif/1.4"
PERSON_FIELDS = [
    "person_record_id", "entry_date", "expiry_date", "author_name", "author_email", "author_phone", "source_name",
    "source_date", "source_url", "full_name", "given_name", "family_name", "alternate_names", "description", "sex",
    "date_of_birth", "age", "home_street", "home_neighborhood", "home_city", "home_state", "home_postal_code",
    "home_country", "photo_url", "profile_urls",
]
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def feed(query=""):
    status, headers, body = http("GET", "/pfif/1.4/persons" + query)
    assert status == 200, body[:300]
    assert headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(body.encode())
    assert root.tag == f"{{{NS}}}pfif"
    persons = []
    for element in root:
        assert element.tag == f"{{{NS}}}person", element.tag
        fields = [(child.tag.removeprefix(f"{{{NS}}}"), child.text or "") for child in element]
        persons.append(fields)
    return persons, headers, body


def check_person(fields):
    names = [name for name, _ in fields]
    assert all(name in PERSON_FIELDS for name in names), names
    assert names == sorted(names, key=PERSON_FIELDS.index), "fields out of the specification's order"
    record = dict(fields)
    domain, _, local = record["person_record_id"].partition("/")
    assert domain and "." in domain and " " not in domain and local, record["person_record_id"]
    for name in ("entry_date", "expiry_date", "source_date"):
        if name in record:
            assert UTC.match(record[name]), (name, record[name])
    if "expiry_date" in record:
        # An expired placeholder keeps its id and dates only, its source date equal to its entry date.
        assert set(record) <= {"person_record_id", "entry_date", "expiry_date", "source_date"}, set(record)
        assert record["source_date"] == record["entry_date"]
    else:
        assert record.get("full_name") and record.get("source_date")
    if "sex" in record:
        assert record["sex"] in ("female", "male", "other")
    if "date_of_birth" in record:
        assert re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", record["date_of_birth"])
    return record


def test_the_feed_of_the_demo_data_passes_the_pfif_1_4_checks_and_syncs_incrementally():
    persons, _, _ = feed()
    assert persons, "the demo has published posters"
    records = [check_person(p) for p in persons]
    dates = [r["entry_date"] for r in records]
    assert dates == sorted(dates), "entry dates must not go back"
    assert len({r["person_record_id"] for r in records}) == len(records)

    # Paging one at a time by the Link header gives the same records, each once.
    seen, query = [], "?max_results=1"
    for _ in range(len(records) + 2):
        page, headers, _ = feed(query)
        seen += [dict(p)["person_record_id"] for p in page]
        link = headers.get("Link")
        if not link:
            break
        query = "?" + link.split("?", 1)[1].split(">", 1)[0]
    assert seen == [r["person_record_id"] for r in records]

    # Asking from the last entry date gives only what changed since.
    later, _, _ = feed(f"?min_entry_date={dates[-1]}")
    assert [dict(p)["entry_date"] for p in later] == [d for d in dates if d >= dates[-1]]
    assert http("GET", "/pfif/1.4/persons?min_entry_date=yesterday")[0] == 422


def test_no_private_field_of_any_case_reaches_the_feed():
    _, _, body = feed()
    admin = homeward("token", "create", "--user", "admin@demo.homeward.example", "--name", "pfif test").stdout.strip()
    private = set()
    cursor = ""
    while True:
        status, _, text = http("GET", "/api/v1/episodes?limit=200" + (f"&cursor={cursor}" if cursor else ""), admin)
        assert status == 200, text[:300]
        page = json.loads(text)
        for episode in page["items"]:
            guardian = episode["guardian"]
            private.update(
                value for value in (
                    guardian["name"], guardian["phone"], guardian.get("email"), guardian.get("agency"), episode["circumstances"],
                    episode.get("possibleWhereabouts"), episode.get("lastSeenPlace"), episode.get("clothing"),
                    episode["police"].get("reportNumber"),
                ) if value and len(value) >= 6
            )
        cursor = page.get("nextCursor")
        if not cursor:
            break
    assert private
    leaked = [value for value in private if value.lower() in body.lower()]
    assert not leaked, leaked
    for word in ("foster", "custody", "placement", "trafficking", "medication"):
        assert word not in body.lower(), word
