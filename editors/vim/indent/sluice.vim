" Vim indent file
" Language:	Sluice deal files (*.deal)
"
" Indentation follows braces and parentheses: one level (shiftwidth) for each
" one left open on the line above, one less on a line that starts by closing.

if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetSluiceIndent(v:lnum)
setlocal indentkeys=0{,0},0),!^F,o,O
setlocal autoindent nosmartindent nocindent
let b:undo_indent = "setlocal indentexpr< indentkeys< autoindent< smartindent< cindent<"

if exists("*GetSluiceIndent")
  finish
endif

" Opened minus closed brackets on a line, outside strings and comments.
" `in_comment` says whether the line starts inside a block comment; the
" function returns [balance, in_comment at the end of the line].
function s:Balance(line, in_comment) abort
  let balance = 0
  let in_comment = a:in_comment
  let i = 0
  let n = strlen(a:line)
  while i < n
    let c = a:line[i]
    if in_comment
      if c ==# '*' && a:line[i + 1] ==# '/'
        let in_comment = 0
        let i += 1
      endif
    elseif c ==# '/' && a:line[i + 1] ==# '/'
      break
    elseif c ==# '/' && a:line[i + 1] ==# '*'
      let in_comment = 1
      let i += 1
    elseif c ==# '"'
      let i += 1
      while i < n && a:line[i] !=# '"'
        let i += a:line[i] ==# '\' ? 2 : 1
      endwhile
    elseif c ==# '{' || c ==# '('
      let balance += 1
    elseif c ==# '}' || c ==# ')'
      let balance -= 1
    endif
    let i += 1
  endwhile
  return [balance, in_comment]
endfunction

" Whether line lnum starts inside a /* */ comment, by the syntax items when
" highlighting is on, else by scanning from the top of the file.
function s:StartsInComment(lnum) abort
  if exists("g:syntax_on") && exists("b:current_syntax")
    return synIDattr(synID(a:lnum, 1, 1), "name") ==# "sluiceBlockComment"
          \ && getline(a:lnum) !~# '^\s*/\*'
  endif
  let in_comment = 0
  for l in range(1, a:lnum - 1)
    let in_comment = s:Balance(getline(l), in_comment)[1]
  endfor
  return in_comment
endfunction

function GetSluiceIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let line = getline(a:lnum)
  " Inside a block comment: keep the previous line's indentation.
  if s:StartsInComment(a:lnum)
    return indent(prev)
  endif
  let pline = getline(prev)
  let balance = s:Balance(pline, s:StartsInComment(prev))[0]
  " A line that starts by closing has already been moved out one level.
  if pline =~# '^\s*[})]'
    let balance += 1
  endif
  let ind = indent(prev) + shiftwidth() * (balance > 0 ? 1 : balance < 0 ? -1 : 0)
  if line =~# '^\s*[})]'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction
