"""The facility map, in one room.

build       the folium document for an `<iframe srcdoc>` (render_map_html) and the numbers of
            its regional layer (regional_indicator_table)
choropleth  the regional layer: class breaks, colours or circles, legend
layers      one clustered, keyboard-focusable layer per public facility type
geometry    vertex counts and simplification of region polygons
table       the table under the map (the same numbers the map draws)
state       the /map URL: indicator, layers, language
finder      "nearest police point" search, on /find and at the top of /map

Strings are in dashboard/text/map.py (through dashboard.i18n); warehouse reads are in
dashboard/data_access.py. pages/map.py is the page.
"""
