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
    vevent = CalendarEvent()
    vevent.add("uid", f"event-{event.slug}@thang-hanh-dong")
    vevent.add("summary", event.title)
    vevent.add("location", ", ".join(filter(None, [event.venue, event.commune.name if event.commune else ""])))
    vevent.add("dtstart", event.starts_at.replace(tzinfo=zone))
    vevent.add("dtend", event.ends_at.replace(tzinfo=zone))
    vevent.add("description", f"{event.description}\n{url}".strip())
    vevent.add("url", url)
    calendar.add_component(vevent)
    return calendar.to_ical()
