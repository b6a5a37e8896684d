import rules

rules.add_perm("public.view_finder", rules.always_allow)
