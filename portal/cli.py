"""Flask commands: `flask seed` (communes, the year's campaign, demo events), `flask users` (staff accounts),
`flask purge` (personal data after the retention period), counters, backups."""
import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal import accounts, clock, tally
from portal.catalogue import current_campaign, purging
from portal.catalogue.demo import PAST_YEAR, create_demo_events, create_past_campaign
from portal.catalogue.seed import campaign_year, ensure_campaign, load_communes
from portal.extensions import db
from portal.models import Commune, Event
from portal.storage import backup


@click.command("seed")
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Add demo events when the campaign has none yet, and the 2022 month held.")
def seed_command(demo):
    """Load the communes and the current campaign; add demo events to an empty campaign, and the 2022 month with
    its events held (to compare with) when it has none."""
    added = load_communes()
    tally.state.ensure_state()
    campaign = ensure_campaign(campaign_year(clock.now().date()))
    events = past_events = people = 0
    if demo and not db.session.scalar(select(func.count()).select_from(Event).where(Event.campaign == campaign)):
        events = create_demo_events(campaign)
    if demo and campaign.year > PAST_YEAR:
        past_events, people = create_past_campaign()
    db.session.commit()
    click.echo(f"Communes added: {added}; campaign {campaign.year}; demo events added: {events}; "
               f"{PAST_YEAR} demo: {past_events} events, {people} attendances.")


users_group = AppGroup("users", help="Staff accounts.")


@users_group.command("create-admin")
@click.argument("username")
@click.option("--name", default="", help="Full name shown in the portal.")
@click.password_option(help="At least 10 characters; asked for when not given.")
def create_admin(username, name, password):
    """Create a district admin account (the first account is made this way: there is no default password)."""
    _create(username, name, password, "admin", None)


@users_group.command("create-organiser")
@click.argument("username")
@click.option("--commune", "commune_code", required=True,
              help="The code of a unit of the current campaign's list, e.g. 10198.")
@click.option("--name", default="", help="Full name shown in the portal.")
@click.password_option(help="At least 10 characters; asked for when not given.")
def create_organiser(username, commune_code, name, password):
    """Create a commune organiser account bound to one commune."""
    campaign = current_campaign(clock.now().date())
    commune = db.session.scalar(select(Commune).where(
        Commune.code == commune_code, Commune.unit_list_id == (campaign.unit_list_id if campaign else None)))
    if commune is None:
        raise click.BadParameter(f"no commune with code {commune_code}", param_hint="--commune")
    _create(username, name, password, "organiser", commune.id)


def _create(username, name, password, role, commune_id):
    try:
        user = accounts.create_user(username, name or username, password, role, commune_id, clock.now())
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {role} account '{user.username}'.")


@click.command("rebuild-counts")
def rebuild_counts_command():
    """Recompute the dashboard's counters from the registrations and attendances (after an import); a closed
    campaign's counters stay as they were frozen."""
    with tally.change() as change:
        change.recount()
    db.session.commit()
    click.echo("Counters rebuilt.")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say what would be purged; change nothing.")
def purge_command(dry_run):
    """Purge the personal data of campaigns closed more than RETENTION_DAYS_AFTER_CLOSING days ago (safe to run
    daily: a campaign is purged once). Prints counts per campaign, never personal data."""
    days = current_app.config["RETENTION_DAYS_AFTER_CLOSING"]
    done = purging.purge(clock.now(), days, dry_run=dry_run)
    db.session.commit()
    verb = "Would purge" if dry_run else "Purged"
    for item in done:
        click.echo(f"{verb} campaign {item.year}: {item.registrations} registrations, {item.attendances} attendances,"
                   f" {item.persons} persons, {item.reach_marks} reach marks.")
    if not done:
        click.echo(f"Nothing to purge (campaigns closed more than {days} days ago are purged already).")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path):
    """Write a backup of the whole database to PATH (safe while the portal runs). It holds personal data."""
    try:
        backup.backup(db.engine, path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already has tables.")
def restore_command(path, force):
    """Restore the backup at PATH into this database (an empty one, unless --force); stop the portal first."""
    db.session.remove()
    try:
        backup.restore(db.engine, path, force=force)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {path}.")


def init_app(app):
    """Register the commands."""
    app.cli.add_command(seed_command)
    app.cli.add_command(users_group)
    app.cli.add_command(rebuild_counts_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
