-- Lay out tables and figures for print (typst).
--
-- * A table reaches pandoc as a pipe table followed by its source note (a Div of class
--   "source", whatever the report's language). Both go into #keep-together (report.typ),
--   which measures them: a table that fits on a page never starts at the foot of one and its
--   source never starts the next; a taller one breaks, typst repeating its header row.
-- * A chart or map (a paragraph holding only an image) becomes a floating figure, placed at
--   the top or bottom of a page, so text fills the space a chart that does not fit would
--   leave empty; the image carries its text alternative (PDF/UA).

local function is_source(block)
  return block ~= nil and block.t == "Div" and block.classes:includes("source")
end

local function typst_string(text)
  local escaped = text:gsub("\\", "\\\\"):gsub('"', '\\"')
  return '"' .. escaped .. '"'
end

local function figure(image)
  local alt = pandoc.utils.stringify(image.caption)
  -- The chart's title (the image's title attribute) is the figure's numbered caption.
  local caption = ""
  if image.title ~= nil and image.title ~= "" then
    caption = ", caption: " .. typst_string(image.title)
  end
  return pandoc.RawBlock(
    "typst",
    string.format(
      "#figure(placement: auto, image(%s, width: 100%%, alt: %s)%s)",
      typst_string(image.src),
      typst_string(alt),
      caption
    )
  )
end

function Blocks(blocks)
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local block = blocks[i]
    if block.t == "Table" then
      out:insert(pandoc.RawBlock("typst", "#keep-together["))
      out:insert(block)
      if is_source(blocks[i + 1]) then
        out:insert(blocks[i + 1])
        i = i + 1
      end
      out:insert(pandoc.RawBlock("typst", "]"))
    elseif block.t == "Para" and #block.content == 1 and block.content[1].t == "Image" then
      out:insert(figure(block.content[1]))
    else
      out:insert(block)
    end
    i = i + 1
  end
  return out
end
