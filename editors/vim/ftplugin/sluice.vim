" Vim filetype plugin
" Language:	Sluice deal files (*.deal)

if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

" `//` comments for gc-style plugins and `gq`; `/* */` blocks continue with ` * `.
setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql

" The repository's deals are indented by two spaces, with spaces.
setlocal expandtab shiftwidth=2 softtabstop=2

" Names hold letters, digits and `_`; `gf` on an import finds the file.
setlocal iskeyword=@,48-57,_
setlocal suffixesadd=.deal

let b:undo_ftplugin = "setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< iskeyword< suffixesadd<"
