import rules

from teilhabe.core.rules import is_admin

rules.add_perm("geo.view_gebiete", rules.always_allow)
rules.add_perm("geo.import_gemeindeverzeichnis", is_admin)
