"""Flask commands: `flask seed` loads the communes, the year's campaign and (on a new database) demo events."""
import click
from sqlalchemy import func, select

from portal import clock
from portal.demo import create_demo_events
from portal.extensions import db
from portal.models import Event
from portal.seed import campaign_year, ensure_campaign, load_communes


@click.command("seed")
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Add demo events when the campaign has none yet.")
def seed_command(demo):
    """Load the communes and the current campaign; add demo events to an empty campaign."""
    added = load_communes()
    campaign = ensure_campaign(campaign_year(clock.now().date()))
    events = 0
    if demo and not db.session.scalar(select(func.count()).select_from(Event).where(Event.campaign == campaign)):
        events = create_demo_events(campaign)
    db.session.commit()
    click.echo(f"Communes added: {added}; campaign {campaign.year}; demo events added: {events}.")


def init_app(app):
    """Register the commands."""
    app.cli.add_command(seed_command)
