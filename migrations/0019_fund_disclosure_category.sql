-- Questions about published fund figures and one's own contribution record are appeals of
-- their own category, answered by the city's fund department (installations made before
-- this category existed get it here; new ones get it with the other defaults).
-- An empty table is a fresh installation: the defaults fill it whole at start.
INSERT INTO appeals.categories (code, name_zh, name_en, description_zh, keywords, sort)
  SELECT 'fund_disclosure', '基金收支公开', 'Fund accounts and disclosure', '对公开的基金收入、支出、结余或本人缴费记录的疑问',
    ARRAY['基金', '收支', '结余', '公开', '缴费记录', '对账', '账户余额'], 9
  WHERE EXISTS (SELECT 1 FROM appeals.categories)
  ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO appeals.routing_rules (category_code, region_prefix, level, note)
  SELECT 'fund_disclosure', '', 'city', '基金收支疑问由市级基金管理部门答复'
  WHERE EXISTS (SELECT 1 FROM appeals.routing_rules)
    AND NOT EXISTS (SELECT 1 FROM appeals.routing_rules WHERE category_code = 'fund_disclosure');
