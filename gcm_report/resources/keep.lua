-- Keep a short table, its caption and its source note on one page (typst).
--
-- Tables reach pandoc as a pipe table followed by an emphasised "Source: ..." paragraph. A
-- table of up to MAX_ROWS body rows, with that paragraph, is wrapped in a non-breakable typst
-- block, so its caption never ends a page without it and its source never starts the next one.
-- Longer tables stay breakable: typst repeats their header row on every page.
local MAX_ROWS = 28

local function body_rows(tbl)
  local n = 0
  for _, body in ipairs(tbl.bodies) do
    n = n + #body.body
  end
  return n
end

local function is_source(block)
  if block == nil or block.t ~= "Para" then
    return false
  end
  local first = block.content[1]
  return first ~= nil and first.t == "Emph" and pandoc.utils.stringify(first):match("^Source:") ~= nil
end

function Blocks(blocks)
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local block = blocks[i]
    if block.t == "Table" and body_rows(block) <= MAX_ROWS then
      out:insert(pandoc.RawBlock("typst", "#block(breakable: false, width: 100%)["))
      out:insert(block)
      if is_source(blocks[i + 1]) then
        out:insert(blocks[i + 1])
        i = i + 1
      end
      out:insert(pandoc.RawBlock("typst", "]"))
    else
      out:insert(block)
    end
    i = i + 1
  end
  return out
end
