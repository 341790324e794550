"""Calendar files (.ics) so a ticket's event lands in the phone's calendar."""
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent


def ics(event, url, timezone):
    """Return the .ics bytes of one event, times in the district's zone, linking back to url."""
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Thang hanh dong binh dang gioi//vi")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.slug}@thang-hanh-dong")
    entry.add("summary", event.title)
    entry.add("location", ", ".join(filter(None, [event.venue, event.commune.name if event.commune else ""])))
    entry.add("dtstart", event.starts_at.replace(tzinfo=zone))
    entry.add("dtend", event.ends_at.replace(tzinfo=zone))
    entry.add("description", f"{event.description}\n{url}".strip())
    entry.add("url", url)
    calendar.add_component(entry)
    return calendar.to_ical()
