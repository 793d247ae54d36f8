"""Short realistic articles for the stories tests (written for these tests).

Two earthquakes days apart in different places, two celebrities checking into rehab, a wire
copy, a one-line brief, an undated report, an absurd date, a text with no names.
"""

from counterpoint.models import Article, article_id


def make(text: str, headline: str | None, outlet: str | None, published: str | None, **kw) -> Article:
    return Article(id=article_id(text), text=text, raw_text=text, source=f"test:{headline}",
                   kind="text", headline=headline, outlet=outlet, published=published, **kw)


TURKEY_1 = make(
    "A magnitude 7.1 earthquake struck eastern Turkey on Sunday, toppling buildings in the city "
    "of Van and killing at least 138 people, officials said. The quake hit at 1:41 p.m. local "
    "time near the village of Tabanli, according to the Kandilli Observatory. Rescue teams dug "
    "through the rubble of collapsed apartment blocks in Van and the nearby town of Ercis, where "
    "Interior Minister Idris Naim Sahin said dozens of buildings had fallen.",
    "Powerful earthquake kills at least 138 in eastern Turkey", "Reuters", "2011-10-23")
TURKEY_2 = make(
    "Rescuers in eastern Turkey worked through the night to free survivors after Sunday's 7.2 "
    "magnitude earthquake near Van. Prime Minister Recep Tayyip Erdogan flew to Van and said the "
    "death toll had risen to 217, with more than 1,000 injured. In Ercis, a town of 100,000, "
    "some 80 buildings collapsed, Interior Minister Idris Naim Sahin said. The Kandilli "
    "Observatory recorded more than 100 aftershocks.",
    "Turkey quake toll rises to 217 as rescuers search rubble in Van and Ercis", "BBC News",
    "2011-10-24")
TURKEY_3 = make(
    "The death toll from the earthquake that hit Van province in eastern Turkey climbed past 270 "
    "on Tuesday as cranes lifted slabs of concrete in Ercis. Prime Minister Erdogan said Turkey "
    "would accept aid from abroad, including from Israel. Survivors spent a second night in "
    "tents in freezing temperatures around Van.",
    "Turkey accepts foreign aid as Van earthquake toll passes 270", "The Guardian", "2011-10-25")
CHILE_1 = make(
    "A magnitude 6.8 earthquake shook central Chile on Saturday, damaging houses in Talca and "
    "cutting power to parts of Santiago, Chile's emergency office Onemi said. The quake was "
    "centred 40 km north-east of Talca at a depth of 30 km, the US Geological Survey said. "
    "President Sebastian Pinera said there were no reports of deaths.",
    "Strong earthquake rattles central Chile, damage in Talca", "Associated Press", "2011-11-05")
CHILE_2 = make(
    "Chilean authorities on Sunday assessed damage after a 6.8 magnitude earthquake struck near "
    "Talca the day before. Onemi said 300 homes were damaged in the Maule region and power was "
    "restored in Santiago. President Sebastian Pinera visited Talca and promised help to "
    "families whose houses cracked.",
    "Chile counts damage after Maule quake; Pinera visits Talca", "Reuters", "2011-11-06")
REHAB_REID = make(
    "Actress Tara Reid has checked herself into Promises Treatment Center in Malibu, her "
    "representative Jack Ketsoyan told People magazine on Tuesday. The American Pie star asked "
    "for privacy for herself and her family. Ketsoyan would not say what Reid was being treated "
    "for.",
    "Tara Reid checks into Promises rehab in Malibu", "People", "2008-11-04")
REHAB_REID_2 = make(
    "Tara Reid, 33, entered the Promises Treatment Center this week, her rep Jack Ketsoyan "
    "confirmed to Us Weekly. A friend said the American Pie actress went to Promises on Tuesday "
    "and that her friends supported her decision.",
    "American Pie star Tara Reid enters rehab", "Us Weekly", "2008-11-05")
REHAB_LOHAN = make(
    "Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage to begin a 90-day "
    "court-ordered stay, her lawyer Shawn Holley said on Friday. The Mean Girls actress had "
    "skipped out on a Newport Beach facility earlier in the day. Judge James Dabney had ordered "
    "the rehab stay after Lohan violated her probation.",
    "Lindsay Lohan checks into Betty Ford Center", "Los Angeles Times", "2008-11-08")
# A wire copy of TURKEY_1 carried by another outlet two weeks later (an archive re-post).
TURKEY_1_COPY = make(
    TURKEY_1.text.replace("officials said", "officials said on Sunday"),
    "Powerful earthquake kills at least 138 in eastern Turkey", "Yahoo News", "2011-11-07")
BRIEF = make("Aftershocks rattle Van in eastern Turkey as quake toll passes 270, Erdogan says.",
             None, None, "2011-10-25")
UNDATED = make(
    "Rescue workers in Ercis pulled a two-week-old baby alive from the rubble of a collapsed "
    "building, two days after the earthquake that struck Van province in eastern Turkey. "
    "Interior Minister Idris Naim Sahin said the search would go on.",
    "Baby pulled alive from rubble in Ercis after Turkey earthquake", "Hurriyet", None)
ABSURD = make(
    "Pinera said on Monday that Chile would rebuild the houses damaged in Talca by Saturday's "
    "6.8 magnitude earthquake, and Onemi lowered the count of damaged homes in the Maule region.",
    "Pinera promises to rebuild Talca homes after quake", "La Tercera", "2203-11-07")
NO_NAMES = make(
    "the price of bread rose again this week, bakers said, blaming the cost of flour and energy. "
    "shoppers said they were buying less and baking at home.",
    None, None, "2011-10-26")

ALL = [TURKEY_1, TURKEY_2, REHAB_REID, CHILE_1, REHAB_REID_2, TURKEY_3, BRIEF, UNDATED, CHILE_2,
       REHAB_LOHAN, ABSURD, NO_NAMES, TURKEY_1_COPY]
